export { buildApp } from './app.ts';
export type { ProcessingAppDeps } from './app.ts';
export { createProcessing } from './processing.ts';
export type { ProcessingSettings } from './processing.ts';
export { PROCESSING_CONFIG, readProcessingConfig } from './config.ts';
export { UploadWatcher } from './domain/upload-watcher.ts';
export { episodeEvents } from './domain/episode-lifecycle.ts';
export { jobHandler } from './worker/job-handler.ts';
