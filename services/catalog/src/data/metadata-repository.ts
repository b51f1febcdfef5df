import type { Transaction } from 'sequelize';
import { Errors } from '@episodic/core';
import type { Metadata } from '../contract-types.ts';
import type { CatalogModels } from '../models/index.ts';
import { toMetadata } from './metadata-rows.ts';
import { violates } from './unique-violation.ts';

const ONE_PER_EPISODE = 'idx_episode_id';

/** Columns a write may set: everything extraction produces (not the ids or the bookkeeping times). */
export type MetadataValues = Partial<Omit<Metadata, 'id' | 'episode_id' | 'created_at' | 'updated_at'>>;

/** Data access for an episode's extracted metadata (one row per episode). */
export function metadataRepository(models: CatalogModels) {
  const { MetadataStorage: Rows } = models;
  return {
    /** The episode's metadata, or undefined; `lock` holds it until the transaction ends. */
    async findByEpisode(episodeId: number, options: { transaction?: Transaction; lock?: boolean } = {}): Promise<Metadata | undefined> {
      const row = await Rows.findOne({
        where: { episode_id: episodeId },
        transaction: options.transaction,
        lock: options.lock ? true : undefined,
      });
      return row ? toMetadata(row) : undefined;
    },

    /** Stores the episode's first metadata; a second one is a 409 (even when two writers race). */
    async insert(episodeId: number, values: MetadataValues, at: Date, transaction: Transaction): Promise<Metadata> {
      try {
        const row = await Rows.create(
          { ...storable(values), episode_id: episodeId, created_at: at, updated_at: at },
          { transaction },
        );
        return toMetadata(row);
      } catch (error) {
        if (violates(error, ONE_PER_EPISODE)) throw Errors.conflict(`Episode ${episodeId} already has metadata; update it with PUT.`);
        throw error;
      }
    },

    /** Applies `changes` to the episode's metadata. */
    async update(episodeId: number, changes: MetadataValues, at: Date, transaction: Transaction): Promise<Metadata> {
      const [, rows] = await Rows.update(
        { ...storable(changes), updated_at: at },
        { where: { episode_id: episodeId }, returning: true, transaction },
      );
      if (!rows[0]) throw Errors.notFound(`Metadata of episode ${episodeId}`);
      return toMetadata(rows[0]);
    },
  };
}

export type MetadataRepository = ReturnType<typeof metadataRepository>;

/** extraction_timestamp arrives as an ISO string; the column wants a Date. */
function storable(values: MetadataValues): Omit<MetadataValues, 'extraction_timestamp'> & { extraction_timestamp?: Date | null } {
  const { extraction_timestamp: at, ...rest } = values;
  return at === undefined ? rest : { ...rest, extraction_timestamp: at === null ? null : new Date(at) };
}
