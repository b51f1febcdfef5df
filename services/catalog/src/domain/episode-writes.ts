import type { Transaction } from 'sequelize';
import { Errors } from '@episodic/core';
import type { Episode, EpisodeCreate, EpisodeUpdate } from '../contract-types.ts';
import type { EpisodeChanges } from '../data/episode-repository.ts';
import type { CatalogDeps } from './catalog-deps.ts';
import { emit, type WriteMeta } from './events.ts';
import { assertVersion, nextModified } from './versions.ts';

/** An update as the rules see it: which episode, the fields to change, and the versions the client has seen. */
export interface EpisodeChange {
  id: number;
  changes: EpisodeUpdate;
  /** From If-Match; undefined when the client sent none. */
  expectedVersions?: readonly string[];
}

/** Creates an episode (its show/season/episode must be free among live episodes) and emits episode.created. */
export async function createEpisode(deps: CatalogDeps, values: EpisodeCreate, meta: WriteMeta): Promise<Episode> {
  return deps.sequelize.transaction(async (transaction) => {
    const episode = await deps.episodes.insert(values, nextModified(), transaction);
    await emit(deps.events, transaction, { type: 'episode.created', episodeId: episode.id, data: { episode } }, meta);
    return episode;
  });
}

/**
 * Changes the given fields of a live episode (see changeEpisode), once the client's If-Match
 * versions, if any, match its current one.
 */
export async function updateEpisode(deps: CatalogDeps, change: EpisodeChange, meta: WriteMeta): Promise<Episode> {
  return deps.sequelize.transaction(async (transaction) => {
    const before = await deps.episodes.findLive(change.id, { transaction, lock: true });
    if (!before) throw Errors.notFound(`Episode ${change.id}`);
    assertVersion(before, change.expectedVersions);
    return changeEpisode(deps, transaction, before, change.changes, meta);
  });
}

/**
 * Applies `changes` to `before` (a live episode the caller holds locked in `transaction`) and
 * emits episode.updated with both states and the names of the fields that changed. Changes
 * that alter nothing write nothing and emit nothing: `before` is returned as it is.
 *
 *   await changeEpisode(deps, transaction, episode, { processing_status: 'complete' }, meta);
 */
export async function changeEpisode(
  deps: CatalogDeps,
  transaction: Transaction,
  before: Episode,
  changes: EpisodeChanges,
  meta: WriteMeta,
): Promise<Episode> {
  if (!wouldChange(before, changes)) return before;
  const after = await deps.episodes.update(before, changes, nextModified(before.last_modified), transaction);
  const changed = changedFields(before, after);
  await emit(deps.events, transaction, { type: 'episode.updated', episodeId: after.id, data: { before, after, changed } }, meta);
  return after;
}

/** Soft-deletes a live episode (its row stays, hidden; its triple is free) and emits episode.deleted. */
export async function deleteEpisode(
  deps: CatalogDeps,
  request: { id: number; expectedVersions?: readonly string[] },
  meta: WriteMeta,
): Promise<void> {
  await deps.sequelize.transaction(async (transaction) => {
    const episode = await deps.episodes.findLive(request.id, { transaction, lock: true });
    if (!episode) throw Errors.notFound(`Episode ${request.id}`);
    assertVersion(episode, request.expectedVersions);
    await deps.episodes.softDelete(episode.id, nextModified(episode.last_modified), transaction);
    await emit(deps.events, transaction, { type: 'episode.deleted', episodeId: episode.id, data: { episode } }, meta);
  });
}

/** Whether applying `changes` to `before` would alter any field. */
function wouldChange(before: Episode, changes: EpisodeChanges): boolean {
  const current = before as unknown as Record<string, unknown>;
  return Object.entries(changes as Record<string, unknown>).some(([field, value]) => value !== undefined && current[field] !== value);
}

/** Names of the fields whose stored value differs between two states (bookkeeping times aside). */
function changedFields(before: Episode, after: Episode): string[] {
  const was = before as unknown as Record<string, unknown>;
  return Object.entries(after as unknown as Record<string, unknown>)
    .filter(([field, value]) => field !== 'last_modified' && was[field] !== value)
    .map(([field]) => field);
}
