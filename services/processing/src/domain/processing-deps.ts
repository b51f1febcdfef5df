import type { Sequelize } from 'sequelize';
import type { EpisodeGate, KnownEpisodes } from '@episodic/episodes';
import type { ObjectStore } from '@episodic/storage';
import type { JobRepository } from '../data/job-repository.ts';
import type { VideoUploads } from '../data/video-uploads.ts';
import type { EventSink } from './events.ts';

/** What processing's rules need; main.ts wires the real ones, tests their own. */
export interface ProcessingDeps {
  sequelize: Sequelize;
  jobs: JobRepository;
  uploads: VideoUploads;
  known: KnownEpisodes;
  gate: EpisodeGate;
  store: ObjectStore;
  events: EventSink;
  maxRetries: number;
  /** Lifetime of presigned video upload URLs. */
  urlExpiresSeconds: number;
  maxVideoBytes: number;
  /** Video uploads: part size, one-PUT limit and how long a multipart upload may stay open. */
  videoUploads: VideoUploadSettings;
}

/** How video uploads are cut and how long they live (VIDEO_* settings). */
export interface VideoUploadSettings {
  /** Preferred part size; larger when 10,000 parts would not cover the file. */
  partSizeBytes: number;
  /** Largest file one presigned PUT is issued for (S3: 5 GiB). */
  singlePutMaxBytes: number;
  /** A multipart upload not completed this long after it started is aborted. */
  expiresHours: number;
}
