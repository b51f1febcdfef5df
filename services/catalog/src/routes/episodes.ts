import type Router from '@koa/router';
import { decodeCursor, encodeCursor, validate, type RequestState } from '@episodic/http';
import { EpisodeCreate, EpisodeListQuery, EpisodeUpdate, IdParams } from '@episodic/contracts';
import type { EpisodeCreate as NewEpisode, EpisodeListQuery as ListQuery, EpisodeUpdate as EpisodeChanges } from '../contract-types.ts';
import type { Catalog } from '../domain/catalog.ts';
import { isPosition, type EpisodePosition, type EpisodeSort } from '../domain/episode-reads.ts';
import { expectedVersions, matchesIfNoneMatch, setValidators } from './conditional.ts';
import { writeMeta } from './write-meta.ts';

const BASE = '/api/v1/episodes';

/**
 * The episode routes: validate against the contracts, call the domain, answer. Writes return
 * the full resource with its ETag; POST adds Location; DELETE answers 204.
 */
export function episodeRoutes(router: Router<RequestState>, catalog: Catalog): void {
  router.get(BASE, validate({ query: EpisodeListQuery }), async (ctx) => {
    const query = ctx.state.valid.query as ListQuery;
    // A sync reads in change order whatever `sort` says, so its cursor survives new changes.
    const sort = (query.updated_since === undefined ? (query.sort ?? 'show') : 'last_modified') as EpisodeSort;
    const after = query.cursor ? decodeCursor<EpisodePosition>(query.cursor, (value) => isPosition(sort, value)) : undefined;
    const { sort: _sort, cursor: _cursor, limit, ...filters } = query;
    const page = await catalog.listEpisodes({ filters, sort, limit, after });
    ctx.body = { items: page.items, limit, next_cursor: page.next ? encodeCursor(page.next) : null };
  });

  router.post(BASE, validate({ body: EpisodeCreate }), async (ctx) => {
    const episode = await catalog.createEpisode(ctx.state.valid.body as NewEpisode, writeMeta(ctx));
    ctx.status = 201;
    ctx.set('Location', `${BASE}/${episode.id}`);
    setValidators(ctx, episode);
    ctx.body = episode;
  });

  router.get(`${BASE}/:id`, validate({ params: IdParams }), async (ctx) => {
    const episode = await catalog.getEpisode(idOf(ctx));
    setValidators(ctx, episode);
    if (matchesIfNoneMatch(ctx, episode)) {
      ctx.status = 304;
      return;
    }
    ctx.body = episode;
  });

  for (const method of ['put', 'patch'] as const) {
    router[method](`${BASE}/:id`, validate({ params: IdParams, body: EpisodeUpdate }), async (ctx) => {
      const episode = await catalog.updateEpisode(
        { id: idOf(ctx), changes: ctx.state.valid.body as EpisodeChanges, expectedVersions: expectedVersions(ctx) },
        writeMeta(ctx),
      );
      setValidators(ctx, episode);
      ctx.body = episode;
    });
  }

  router.delete(`${BASE}/:id`, validate({ params: IdParams }), async (ctx) => {
    await catalog.deleteEpisode({ id: idOf(ctx), expectedVersions: expectedVersions(ctx) }, writeMeta(ctx));
    ctx.status = 204;
  });
}

/** The validated `:id` path parameter. */
export function idOf(ctx: { state: RequestState }): number {
  return ctx.state.valid.params['id'] as number;
}
