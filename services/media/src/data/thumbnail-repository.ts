import { Op, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { Thumbnail } from '@episodic/contracts';
import type { StoredImage } from '@episodic/images';
import { thumbnailModel } from '../models/Thumbnail.ts';
import { toThumbnail } from './thumbnail-rows.ts';

/** Where a page of an episode's thumbnails starts: after this (primary first, then newest first). */
export interface ThumbnailPosition {
  /** 0 for the primary, 1 for the others. */
  rank: 0 | 1;
  id: number;
}

/** What a new row holds: the stored image's facts and the thumbnail's own; id and generated_at come from the database. */
export interface NewThumbnail extends StoredImage {
  episode_id: number;
  s3_bucket: string;
  thumbnail_type: string;
  position_seconds: number | null;
  quality_rating: number | null;
}

const RANK = "(CASE WHEN thumbnail_type = 'primary' THEN 0 ELSE 1 END)";

/** Data access for thumbnails; returns the contracts' plain Thumbnail, never a model. */
export function thumbnailRepository(sequelize: Sequelize) {
  const Rows = thumbnailModel(sequelize);

  return {
    async insert(values: NewThumbnail, transaction: Transaction): Promise<Thumbnail> {
      return toThumbnail(await Rows.create(values, { transaction }));
    },

    async findById(id: number, options: { transaction?: Transaction; lock?: boolean } = {}): Promise<Thumbnail | undefined> {
      const row = await Rows.findByPk(id, { transaction: options.transaction, lock: options.lock ? true : undefined });
      return row ? toThumbnail(row) : undefined;
    },

    /** Which of these S3 keys already belong to a thumbnail (the original's key, unique across rows). */
    async keysInUse(keys: readonly string[], transaction?: Transaction): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await Rows.findAll({ attributes: ['s3_key'], where: { s3_key: { [Op.in]: [...keys] } }, transaction });
      return new Set(rows.map((row) => row.s3_key));
    },

    /** One page of an episode's thumbnails, the primary first, then newest first. */
    async listForEpisode(request: { episodeId: number; type?: string; after?: ThumbnailPosition; take: number }): Promise<Thumbnail[]> {
      const conditions: WhereOptions[] = [{ episode_id: request.episodeId }];
      if (request.type) conditions.push({ thumbnail_type: request.type });
      if (request.after) {
        const { rank, id } = request.after;
        conditions.push(sequelize.literal(`(${RANK} > ${rank} OR (${RANK} = ${rank} AND id < ${id}))`));
      }
      const rows = await Rows.findAll({
        where: { [Op.and]: conditions },
        order: [[sequelize.literal(RANK), 'ASC'], ['id', 'DESC']],
        limit: request.take,
      });
      return rows.map(toThumbnail);
    },

    /** The episode's primary, locked until the transaction ends (so two uploads cannot both keep theirs). */
    async lockPrimary(episodeId: number, transaction: Transaction): Promise<Thumbnail | undefined> {
      const row = await Rows.findOne({ where: { episode_id: episodeId, thumbnail_type: 'primary' }, transaction, lock: true });
      return row ? toThumbnail(row) : undefined;
    },

    async setType(id: number, thumbnailType: string, transaction: Transaction): Promise<Thumbnail> {
      const [, rows] = await Rows.update({ thumbnail_type: thumbnailType }, { where: { id }, transaction, returning: true });
      return toThumbnail(rows[0]!);
    },

    /** Deletes one row; false when it was already gone. */
    async remove(id: number, transaction: Transaction): Promise<boolean> {
      return (await Rows.destroy({ where: { id }, transaction })) > 0;
    },

    /** Deletes every row of an episode and returns them as they were. */
    async removeForEpisode(episodeId: number, transaction: Transaction): Promise<Thumbnail[]> {
      const rows = await Rows.findAll({ where: { episode_id: episodeId }, transaction, lock: true, order: [['id', 'ASC']] });
      await Rows.destroy({ where: { episode_id: episodeId }, transaction });
      return rows.map(toThumbnail);
    },
  };
}

export type ThumbnailRepository = ReturnType<typeof thumbnailRepository>;
