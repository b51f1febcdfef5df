import type { Sequelize } from 'sequelize';
import type { EpisodeRepository } from '../data/episode-repository.ts';
import type { MetadataRepository } from '../data/metadata-repository.ts';
import type { EventSink } from './events.ts';

/** What catalog's rules need: the database (for transactions), its repositories and the event sink. */
export interface CatalogDeps {
  sequelize: Sequelize;
  episodes: EpisodeRepository;
  metadata: MetadataRepository;
  events: EventSink;
}
