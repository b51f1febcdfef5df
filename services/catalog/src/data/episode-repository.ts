import { Op, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import { Errors } from '@episodic/core';
import type { Episode, EpisodeCreate, EpisodeUpdate } from '../contract-types.ts';
import type { CatalogModels } from '../models/index.ts';
import { after, airDateBounds, ORDERS, type EpisodePosition, type EpisodeSort } from './episode-order.ts';
import { episodeById } from './episode-by-id.ts';
import { toEpisode, toEpisodeOrTombstone } from './episode-rows.ts';
import { violates } from './unique-violation.ts';

const LIVE_TRIPLE_INDEX = 'episodes_live_show_season_episode_unique';

/** What a write may change: a client's fields, plus those only the system sets (from processing's events). */
export type EpisodeChanges = EpisodeUpdate & Partial<Pick<Episode, 'raw_video_s3_key' | 'processing_status'>>;

/** What narrows a list; every member is optional. */
export interface EpisodeFilters {
  show_name?: string;
  season_number?: number;
  processing_status?: string;
  air_date_from?: string;
  air_date_to?: string;
  /** Sync: rows changed at or after this instant, deleted ones included (as tombstones). */
  updated_since?: string;
}

export interface EpisodePageRequest {
  filters: EpisodeFilters;
  sort: EpisodeSort;
  after?: EpisodePosition;
  /** Rows to read; the caller asks for one more than it shows to learn whether a next page exists. */
  take: number;
}

/**
 * Data access for episodes. Returns the contracts' plain Episode, never a model; a soft-deleted
 * row is invisible to everything here but the database.
 */
export function episodeRepository(sequelize: Sequelize, models: CatalogModels) {
  const { Episode: Rows } = models;

  const duplicate = (values: { show_name?: string; season_number?: number; episode_number?: number }) =>
    Errors.conflict(
      `An episode ${values.season_number}x${values.episode_number} of "${values.show_name}" already exists.`,
    );

  return {
    /** The live episode with this id, or undefined, by one prepared statement outside any transaction (GET's lean path). */
    readLive: episodeById(sequelize),

    /** The live episode with this id, or undefined; `lock` holds it (FOR UPDATE) until the transaction ends. */
    async findLive(id: number, options: { transaction?: Transaction; lock?: boolean } = {}): Promise<Episode | undefined> {
      const row = await Rows.findOne({
        where: { id, deleted_at: null },
        transaction: options.transaction,
        lock: options.lock ? true : undefined,
      });
      return row ? toEpisode(row) : undefined;
    },

    /** Inserts a live episode; a live episode with the same show/season/episode is a 409. */
    async insert(values: EpisodeCreate, modifiedAt: Date, transaction: Transaction): Promise<Episode> {
      try {
        const row = await Rows.create(
          { ...values, upload_date: modifiedAt, last_modified: modifiedAt },
          { transaction },
        );
        return toEpisode(row);
      } catch (error) {
        if (violates(error, LIVE_TRIPLE_INDEX)) throw duplicate(values);
        throw error;
      }
    },

    /** Applies `changes` to the live episode `current`; moving it onto a live triple is a 409. */
    async update(current: Episode, changes: EpisodeChanges, modifiedAt: Date, transaction: Transaction): Promise<Episode> {
      const { id } = current;
      try {
        const [, rows] = await Rows.update(
          { ...changes, last_modified: modifiedAt },
          { where: { id, deleted_at: null }, returning: true, transaction },
        );
        if (!rows[0]) throw Errors.notFound(`Episode ${id}`);
        return toEpisode(rows[0]);
      } catch (error) {
        if (violates(error, LIVE_TRIPLE_INDEX)) throw duplicate({ ...current, ...changes });
        throw error;
      }
    },

    /** Marks a live episode deleted; its show/season/episode is free again from then on. */
    async softDelete(id: number, deletedAt: Date, transaction: Transaction): Promise<void> {
      const [count] = await Rows.update(
        { deleted_at: deletedAt, last_modified: deletedAt },
        { where: { id, deleted_at: null }, transaction },
      );
      if (count === 0) throw Errors.notFound(`Episode ${id}`);
    },

    /** One page of live episodes in keyset order (with tombstones of deleted ones when syncing). */
    async page(request: EpisodePageRequest): Promise<Episode[]> {
      const syncing = request.filters.updated_since !== undefined;
      const where: WhereOptions[] = [
        ...(syncing ? [] : [{ deleted_at: null }]),
        ...filterClauses(request.filters),
        ...airDateBounds(sequelize, request.sort, request.filters),
      ];
      if (request.after) where.push(after(sequelize, request.after));
      const rows = await Rows.findAll({
        where: { [Op.and]: where },
        order: ORDERS[request.sort],
        limit: request.take,
      });
      return rows.map(syncing ? toEpisodeOrTombstone : toEpisode);
    },
  };
}

export type EpisodeRepository = ReturnType<typeof episodeRepository>;

function filterClauses(filters: EpisodeFilters): WhereOptions[] {
  const clauses: WhereOptions[] = [];
  if (filters.show_name !== undefined) clauses.push({ show_name: filters.show_name });
  if (filters.season_number !== undefined) clauses.push({ season_number: filters.season_number });
  if (filters.processing_status !== undefined) clauses.push({ processing_status: filters.processing_status });
  if (filters.air_date_from !== undefined) clauses.push({ air_date: { [Op.gte]: filters.air_date_from } });
  if (filters.air_date_to !== undefined) clauses.push({ air_date: { [Op.lte]: filters.air_date_to } });
  if (filters.updated_since !== undefined) clauses.push({ last_modified: { [Op.gte]: new Date(filters.updated_since) } });
  return clauses;
}
