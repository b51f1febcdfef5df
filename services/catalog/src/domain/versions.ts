import { Errors } from '@episodic/core';
import type { Episode } from '../contract-types.ts';

/**
 * The version of an episode as the HTTP layer exposes it in ETags: its id and the millisecond
 * of its last write. Every write moves last_modified forward (see nextModified), so two
 * states of one episode never share a version.
 */
export function episodeVersion(episode: Pick<Episode, 'id' | 'last_modified'>): string {
  return `${episode.id}-${Date.parse(episode.last_modified)}`;
}

/**
 * The time to stamp on a write: now, but at least a millisecond after the previous write,
 * so versions stay distinct even for two writes within one millisecond.
 */
export function nextModified(previous?: string): Date {
  const now = Date.now();
  return new Date(previous === undefined ? now : Math.max(now, Date.parse(previous) + 1));
}

/**
 * Enforces an optimistic-concurrency precondition: `expected` lists the versions the client
 * has seen ('*' = any); undefined means the client did not ask. A mismatch is a 412.
 */
export function assertVersion(current: Pick<Episode, 'id' | 'last_modified'>, expected: readonly string[] | undefined): void {
  if (expected === undefined || expected.includes('*')) return;
  if (!expected.includes(episodeVersion(current))) {
    throw Errors.preconditionFailed(`Episode ${current.id} has changed since that version; fetch it again and retry.`);
  }
}
