import type { Sequelize } from 'sequelize';
import type { Outbox } from '@episodic/db';
import type { ObjectStore } from '@episodic/storage';
import { catalogEpisodes, episodeGate, knownEpisodes } from '@episodic/episodes';
import { objectDeletions } from './data/object-deletions.ts';
import { thumbnailRepository } from './data/thumbnail-repository.ts';
import { episodeLifecycle } from './domain/episode-lifecycle.ts';
import { jobFrames } from './domain/job-frames.ts';
import type { MediaDeps } from './domain/media-deps.ts';
import { thumbnailReads } from './domain/thumbnail-reads.ts';
import { thumbnailWrites } from './domain/thumbnail-writes.ts';
import type { ImageLimits } from '@episodic/images';

export interface MediaSettings {
  sequelize: Sequelize;
  store: ObjectStore;
  outbox: Outbox;
  topic: string;
  catalog: { url: string; timeoutMs: number };
  images: ImageLimits & { concurrency: number };
  urlExpiresSeconds: number;
  uploadGraceSeconds: number;
  sweepSoon: () => void;
}

/** media's domain, wired to its database, S3 and catalog: what main.ts and the tests both build. */
export function createMedia(settings: MediaSettings) {
  const known = knownEpisodes(settings.sequelize);
  const deps: MediaDeps = {
    sequelize: settings.sequelize,
    thumbnails: thumbnailRepository(settings.sequelize),
    known,
    deletions: objectDeletions(settings.sequelize),
    gate: episodeGate(known, catalogEpisodes(settings.catalog.url, settings.catalog.timeoutMs)),
    store: settings.store,
    events: { outbox: settings.outbox, topic: settings.topic },
    images: settings.images,
    urlExpiresSeconds: settings.urlExpiresSeconds,
    uploadGraceSeconds: settings.uploadGraceSeconds,
    sweepSoon: settings.sweepSoon,
  };
  return { deps, reads: thumbnailReads(deps), writes: thumbnailWrites(deps), lifecycle: episodeLifecycle(deps), frames: jobFrames(deps) };
}

export type Media = ReturnType<typeof createMedia>;
