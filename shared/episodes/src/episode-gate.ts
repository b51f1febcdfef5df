import { Errors } from '@episodic/core';
import type { CatalogEpisodes } from './catalog-episodes.ts';
import type { KnownEpisodes } from './known-episodes.ts';

/** The caller's credentials, for the one question media may have to ask catalog. */
export interface CallerRequest {
  authorization: string;
  requestId: string;
}

/**
 * Answers "is this episode live?" for media's routes, from media's own projection first. An id
 * the projection has not heard of is asked of catalog once and remembered, so an upload right
 * after the episode's POST returned 201 works even before episode.created arrives. A tombstone
 * is final: a deleted episode is a 404 without asking.
 */
export function episodeGate(known: KnownEpisodes, catalog: CatalogEpisodes) {
  return {
    async requireLive(episodeId: number, caller: CallerRequest): Promise<void> {
      const status = await known.statusOf(episodeId);
      if (status === 'live') return;
      if (status === 'unknown' && (await catalog.isLive(episodeId, caller))) {
        await known.rememberLive(episodeId);
        return;
      }
      throw Errors.notFound(`Episode ${episodeId}`);
    },
  };
}

export type EpisodeGate = ReturnType<typeof episodeGate>;
