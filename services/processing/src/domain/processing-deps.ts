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
}
