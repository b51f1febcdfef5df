import type { Sequelize } from 'sequelize';
import type { ObjectStore } from '@episodic/storage';
import type { ObjectDeletions } from '../data/object-deletions.ts';
import type { ThumbnailRepository } from '../data/thumbnail-repository.ts';
import type { ImageLimits } from '@episodic/images';
import type { EpisodeGate, KnownEpisodes } from '@episodic/episodes';
import type { EventSink } from './events.ts';

/** What media's rules need; main.ts wires the real ones, tests their own. */
export interface MediaDeps {
  sequelize: Sequelize;
  thumbnails: ThumbnailRepository;
  known: KnownEpisodes;
  deletions: ObjectDeletions;
  gate: EpisodeGate;
  store: ObjectStore;
  events: EventSink;
  images: ImageLimits & {
    /** Images decoded and encoded at once; more wait (bounds memory under load). */
    concurrency: number;
  };
  /** Lifetime of the download URLs GET /thumbnails/:id hands out. */
  urlExpiresSeconds: number;
  /** How long an upload's objects may sit in S3 before its row commits, after which they are swept. */
  uploadGraceSeconds: number;
  /** Wakes the sweeper of object_deletions (after a commit that scheduled deletions due now). */
  sweepSoon: () => void;
}
