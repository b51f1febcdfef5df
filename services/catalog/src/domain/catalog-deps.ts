import type { Sequelize } from 'sequelize';
import type { EpisodeRepository } from '../data/episode-repository.ts';
import type { JobProgressRepository } from '../data/job-progress-repository.ts';
import type { MetadataRepository } from '../data/metadata-repository.ts';
import type { EventSink } from './events.ts';

/** What catalog's rules need: the database (for transactions), its repositories and the event sink. */
export interface CatalogDeps {
  sequelize: Sequelize;
  episodes: EpisodeRepository;
  metadata: MetadataRepository;
  /** How far each processing job has got, as far as catalog has heard. */
  jobs: JobProgressRepository;
  events: EventSink;
}
