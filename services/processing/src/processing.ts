import type { Sequelize } from 'sequelize';
import type { Outbox } from '@episodic/db';
import { catalogEpisodes, episodeGate, knownEpisodes } from '@episodic/episodes';
import type { ObjectStore } from '@episodic/storage';
import { jobRepository } from './data/job-repository.ts';
import { videoUploads } from './data/video-uploads.ts';
import { episodeLifecycle } from './domain/episode-lifecycle.ts';
import type { ProcessingDeps, VideoUploadSettings } from './domain/processing-deps.ts';

export interface ProcessingSettings {
  sequelize: Sequelize;
  store: ObjectStore;
  outbox: Outbox;
  topic: string;
  catalog: { url: string; timeoutMs: number };
  maxRetries: number;
  urlExpiresSeconds: number;
  maxVideoBytes: number;
  /** Part size, one-PUT limit and expiry of video uploads; defaults: 8 MiB, 5 GiB, 24 h. */
  videoUploads?: Partial<VideoUploadSettings>;
}

const MiB = 1024 * 1024;
const VIDEO_UPLOAD_DEFAULTS: VideoUploadSettings = { partSizeBytes: 8 * MiB, singlePutMaxBytes: 5 * 1024 * MiB, expiresHours: 24 };

/** processing's domain wired to its database, S3 and catalog: what main.ts and the tests both build. */
export function createProcessing(settings: ProcessingSettings) {
  const known = knownEpisodes(settings.sequelize);
  const deps: ProcessingDeps = {
    sequelize: settings.sequelize,
    jobs: jobRepository(settings.sequelize),
    uploads: videoUploads(settings.sequelize),
    known,
    gate: episodeGate(known, catalogEpisodes(settings.catalog.url, settings.catalog.timeoutMs)),
    store: settings.store,
    events: { outbox: settings.outbox, topic: settings.topic },
    maxRetries: settings.maxRetries,
    urlExpiresSeconds: settings.urlExpiresSeconds,
    maxVideoBytes: settings.maxVideoBytes,
    videoUploads: { ...VIDEO_UPLOAD_DEFAULTS, ...settings.videoUploads },
  };
  return { deps, lifecycle: episodeLifecycle(deps) };
}
