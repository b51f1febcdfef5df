import type Router from '@koa/router';
import { validate, type RequestState } from '@episodic/http';
import { IdParams, MetadataWrite } from '@episodic/contracts';
import type { MetadataWrite as MetadataValues } from '../contract-types.ts';
import type { Catalog } from '../domain/catalog.ts';
import { idOf } from './episodes.ts';
import { writeMeta } from './write-meta.ts';

const PATH = '/api/v1/episodes/:id/metadata';

/**
 * An episode's extracted metadata as one sub-resource: GET it, POST it once (a system
 * client after extraction, or an admin), PUT changes to it (admin).
 */
export function metadataRoutes(router: Router<RequestState>, catalog: Catalog): void {
  router.get(PATH, validate({ params: IdParams }), async (ctx) => {
    ctx.body = await catalog.getMetadata(idOf(ctx));
  });

  router.post(PATH, validate({ params: IdParams, body: MetadataWrite }), async (ctx) => {
    const metadata = await catalog.storeMetadata(idOf(ctx), ctx.state.valid.body as MetadataValues, writeMeta(ctx));
    ctx.status = 201;
    ctx.set('Location', `/api/v1/episodes/${metadata.episode_id}/metadata`);
    ctx.body = metadata;
  });

  router.put(PATH, validate({ params: IdParams, body: MetadataWrite }), async (ctx) => {
    ctx.body = await catalog.updateMetadata(idOf(ctx), ctx.state.valid.body as MetadataValues, writeMeta(ctx));
  });
}
