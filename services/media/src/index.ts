export { buildApp } from './app.ts';
export type { MediaAppDeps } from './app.ts';
export { createMedia } from './media.ts';
export type { Media, MediaSettings } from './media.ts';
export { MEDIA_CONFIG, readMediaConfig, renditionWidths } from './config.ts';
export { ObjectSweeper } from './domain/object-sweeper.ts';
export { objectDeletions } from './data/object-deletions.ts';
export { episodeEvents } from './consumers/episode-events.ts';
export type { EpisodeEventRules } from './consumers/episode-events.ts';
