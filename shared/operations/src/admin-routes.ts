import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { jsonBody, validate, type RequestState } from '@episodic/http';
import type { DeadLetters } from './dead-letters.ts';
import type { OutboxReplay, ReplayRequest } from './replay.ts';
import { PeekQuery, QueueParams, RedriveRequest, ReplayRequestBody } from './schemas.ts';

const BASE = '/api/v1/admin';

/**
 * The dead-letter routes (admin only by the POLICY table, which the app checks before them):
 * list every DLQ, peek at one, redrive all or some of it.
 *
 *   app.use(deadLetterRoutes(deadLetters));
 */
export function deadLetterRoutes(deadLetters: DeadLetters) {
  const router = new Router<RequestState>();
  router.get(`${BASE}/dead-letters`, async (ctx) => {
    ctx.body = { items: await deadLetters.list() };
  });
  router.get(`${BASE}/dead-letters/:queue`, validate({ params: QueueParams, query: PeekQuery }), async (ctx) => {
    const queue = ctx.state.valid.params['queue'] as string;
    const limit = (ctx.state.valid.query as { limit: number }).limit;
    ctx.body = { queue, items: await deadLetters.peek(queue, limit) };
  });
  router.post(`${BASE}/dead-letters/:queue/redrive`, jsonBodyOrNone(), validate({ params: QueueParams, body: RedriveRequest }), async (ctx) => {
    const queue = ctx.state.valid.params['queue'] as string;
    const { ids } = (ctx.state.valid.body ?? {}) as { ids?: string[] };
    ctx.body = { queue, ...(await deadLetters.redrive(queue, ids ? { ids } : {})) };
  });
  return router.routes();
}

/**
 * Parses a small JSON body (the gateway parses none itself); an empty body stands for `{}`
 * (redrive everything).
 */
function jsonBodyOrNone() {
  const parse = jsonBody({ limit: '64kb' });
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.request.length && ctx.get('transfer-encoding') === '') {
      ctx.request.headers['content-type'] = 'application/json';
      (ctx.request as { body?: unknown }).body = {};
      return next();
    }
    await parse(ctx, next);
  };
}

/**
 * POST /api/v1/admin/replays on a producing service: its outbox history of a time range to one
 * subscriber queue (the gateway forwards the request to the service it names).
 */
export function replayRoutes(replay: OutboxReplay) {
  const router = new Router<RequestState>();
  router.post(`${BASE}/replays`, validate({ body: ReplayRequestBody }), async (ctx) => {
    ctx.body = await replay.replay(ctx.state.valid.body as ReplayRequest);
  });
  return router.routes();
}
