/*
 * @episodic/episodes: what a service that is not catalog knows of catalog's episodes. Each such
 * service keeps a `known_episodes` projection (fed by episode.* events, tombstones kept) and
 * asks catalog once about an id it has not heard of yet.
 */
export { knownEpisodes, createKnownEpisodesTable } from './known-episodes.ts';
export type { EpisodeStatus, KnownEpisodes } from './known-episodes.ts';
export { catalogEpisodes } from './catalog-episodes.ts';
export type { CatalogEpisodes } from './catalog-episodes.ts';
export { episodeGate } from './episode-gate.ts';
export type { CallerRequest, EpisodeGate } from './episode-gate.ts';
export { followEpisodes } from './follow-episodes.ts';
export type { EpisodeDeleted } from './follow-episodes.ts';
