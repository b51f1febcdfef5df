import type { Transaction } from 'sequelize';
import { Errors } from '@episodic/core';
import type { Metadata, MetadataWrite } from '../contract-types.ts';
import type { MetadataValues } from '../data/metadata-repository.ts';
import type { CatalogDeps } from './catalog-deps.ts';
import { emit, type WriteMeta } from './events.ts';

/** The metadata of a live episode; a missing episode, or one without metadata, is a 404. */
export async function getMetadata(deps: CatalogDeps, episodeId: number): Promise<Metadata> {
  await requireLiveEpisode(deps, episodeId);
  const metadata = await deps.metadata.findByEpisode(episodeId);
  if (!metadata) throw Errors.notFound(`Metadata of episode ${episodeId}`);
  return metadata;
}

/** Stores a live episode's first metadata (a second is a 409) and emits metadata.stored. */
export async function storeMetadata(deps: CatalogDeps, episodeId: number, values: MetadataWrite, meta: WriteMeta): Promise<Metadata> {
  return deps.sequelize.transaction(async (transaction) => {
    await requireLiveEpisode(deps, episodeId, transaction);
    if (await deps.metadata.findByEpisode(episodeId, { transaction })) {
      throw Errors.conflict(`Episode ${episodeId} already has metadata; update it with PUT.`);
    }
    return insertMetadata(deps, transaction, episodeId, values as MetadataValues, meta);
  });
}

/** Changes the given fields of a live episode's metadata (404 if it has none) and emits metadata.updated. */
export async function updateMetadata(deps: CatalogDeps, episodeId: number, changes: MetadataWrite, meta: WriteMeta): Promise<Metadata> {
  return deps.sequelize.transaction(async (transaction) => {
    await requireLiveEpisode(deps, episodeId, transaction);
    const before = await deps.metadata.findByEpisode(episodeId, { transaction, lock: true });
    if (!before) throw Errors.notFound(`Metadata of episode ${episodeId}`);
    return changeMetadata(deps, transaction, before, changes as MetadataValues, meta);
  });
}

/**
 * Records what an extraction job found for a live episode the caller holds locked in
 * `transaction`: stores its first metadata (metadata.stored), or sets these fields of the
 * metadata it has (metadata.updated), keeping whatever else was stored (tags, transcription...).
 * An extraction older than the stored one changes nothing (undefined): the completions of two
 * jobs may arrive in either order.
 */
export async function recordExtraction(
  deps: CatalogDeps,
  transaction: Transaction,
  episodeId: number,
  values: MetadataValues,
  meta: WriteMeta,
): Promise<Metadata | undefined> {
  const before = await deps.metadata.findByEpisode(episodeId, { transaction, lock: true });
  if (!before) return insertMetadata(deps, transaction, episodeId, values, meta);
  if (isOlder(values.extraction_timestamp, before.extraction_timestamp)) return undefined;
  return changeMetadata(deps, transaction, before, values, meta);
}

async function insertMetadata(deps: CatalogDeps, transaction: Transaction, episodeId: number, values: MetadataValues, meta: WriteMeta): Promise<Metadata> {
  const metadata = await deps.metadata.insert(episodeId, values, new Date(), transaction);
  await emit(deps.events, transaction, { type: 'metadata.stored', episodeId, data: { metadata } }, meta);
  return metadata;
}

async function changeMetadata(deps: CatalogDeps, transaction: Transaction, before: Metadata, changes: MetadataValues, meta: WriteMeta): Promise<Metadata> {
  const { episode_id: episodeId } = before;
  const after = await deps.metadata.update(episodeId, changes, laterThan(before.updated_at), transaction);
  await emit(deps.events, transaction, { type: 'metadata.updated', episodeId, data: { before, after } }, meta);
  return after;
}

/**
 * Metadata hangs off a live episode. Inside a write the episode row is locked, so a
 * concurrent delete waits for this write (and then hides the metadata with its episode).
 */
async function requireLiveEpisode(deps: CatalogDeps, episodeId: number, transaction?: Transaction): Promise<void> {
  const episode = await deps.episodes.findLive(episodeId, { transaction, lock: transaction !== undefined });
  if (!episode) throw Errors.notFound(`Episode ${episodeId}`);
}

function isOlder(extraction: string | null | undefined, stored: string | null): boolean {
  return typeof extraction === 'string' && stored !== null && Date.parse(extraction) < Date.parse(stored);
}

function laterThan(previous: string): Date {
  return new Date(Math.max(Date.now(), Date.parse(previous) + 1));
}
