import type { Sequelize } from 'sequelize';
import type { Outbox } from '@episodic/db';
import type { CloudEvent } from '@episodic/messaging';
import type { EpisodeCreate, MetadataWrite } from '../contract-types.ts';
import { defineModels } from '../models/index.ts';
import { episodeRepository } from '../data/episode-repository.ts';
import { metadataRepository } from '../data/metadata-repository.ts';
import { jobProgressRepository } from '../data/job-progress-repository.ts';
import type { CatalogDeps } from './catalog-deps.ts';
import { createEpisode, deleteEpisode, updateEpisode, type EpisodeChange } from './episode-writes.ts';
import { getEpisode, listEpisodes, type EpisodeListRequest } from './episode-reads.ts';
import { getMetadata, storeMetadata, updateMetadata } from './metadata.ts';
import type { WriteMeta } from './events.ts';
import { applyProcessingEvent } from './processing-progress.ts';

export interface CatalogOptions {
  sequelize: Sequelize;
  outbox: Outbox;
  /** SNS topic (name) of catalog's events. */
  topic: string;
}

/**
 * Catalog's use cases over one database, outbox and topic: what routes and the processing
 * consumer call. Inputs are plain values plus who asked (`WriteMeta`), or a processing event;
 * Koa's ctx and Sequelize models stay outside.
 *
 *   const catalog = createCatalog({ sequelize, outbox, topic: 'catalog-events' });
 *   const episode = await catalog.createEpisode(values, { actor, correlationId });
 */
export function createCatalog(options: CatalogOptions) {
  const models = defineModels(options.sequelize);
  const deps: CatalogDeps = {
    sequelize: options.sequelize,
    episodes: episodeRepository(options.sequelize, models),
    metadata: metadataRepository(models),
    jobs: jobProgressRepository(options.sequelize),
    events: { outbox: options.outbox, topic: options.topic },
  };
  return {
    getEpisode: (id: number) => getEpisode(deps, id),
    listEpisodes: (request: EpisodeListRequest) => listEpisodes(deps, request),
    createEpisode: (values: EpisodeCreate, meta: WriteMeta) => createEpisode(deps, values, meta),
    updateEpisode: (change: EpisodeChange, meta: WriteMeta) => updateEpisode(deps, change, meta),
    deleteEpisode: (request: { id: number; expectedVersions?: readonly string[] }, meta: WriteMeta) => deleteEpisode(deps, request, meta),
    getMetadata: (episodeId: number) => getMetadata(deps, episodeId),
    storeMetadata: (episodeId: number, values: MetadataWrite, meta: WriteMeta) => storeMetadata(deps, episodeId, values, meta),
    updateMetadata: (episodeId: number, changes: MetadataWrite, meta: WriteMeta) => updateMetadata(deps, episodeId, changes, meta),
    applyProcessingEvent: (event: CloudEvent) => applyProcessingEvent(deps, event),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
