import { Errors } from '@episodic/core';
import type { Episode } from '../contract-types.ts';
import type { EpisodeFilters } from '../data/episode-repository.ts';
import { isPosition, positionOf, type EpisodePosition, type EpisodeSort } from '../data/episode-order.ts';
import type { CatalogDeps } from './catalog-deps.ts';

export type { EpisodeFilters, EpisodePosition, EpisodeSort };
/** Whether a decoded cursor is a position of a given sort. */
export { isPosition };

/** A list request as the rules see it; `after` is the decoded cursor of the previous page. */
export interface EpisodeListRequest {
  filters: EpisodeFilters;
  sort: EpisodeSort;
  limit: number;
  after?: EpisodePosition;
}

/** A page of episodes and where the next one starts (null on the last page). */
export interface EpisodePage {
  items: Episode[];
  next: EpisodePosition | null;
}

/** The live episode with this id; a missing or soft-deleted one is a 404. */
export async function getEpisode(deps: CatalogDeps, id: number): Promise<Episode> {
  const episode = await deps.episodes.readLive(id);
  if (!episode) throw Errors.notFound(`Episode ${id}`);
  return episode;
}

/**
 * One page of live episodes in keyset order. Reading one row more than the page tells
 * whether a next page exists without a count; the position of the page's last row is where
 * the next page starts, so rows inserted meanwhile never shift or repeat what a client sees.
 */
export async function listEpisodes(deps: CatalogDeps, request: EpisodeListRequest): Promise<EpisodePage> {
  const rows = await deps.episodes.page({ filters: request.filters, sort: request.sort, after: request.after, take: request.limit + 1 });
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  return { items, next: rows.length > request.limit && last ? positionOf(request.sort, last) : null };
}
