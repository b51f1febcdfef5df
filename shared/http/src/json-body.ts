import type { Context, Next } from 'koa';
import coBody from 'co-body';

/** Methods whose JSON body is read; any other request gets `{}`. */
const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Reads a JSON request body onto `ctx.request.body` before the routes run: strict (an object or
 * an array at the top), at most `limit` (413 beyond it, before the rest is read), an empty body
 * is `{}`. Bodies of other types are left unread (`{}`): `validate()` answers 415 where a route
 * wants JSON. Errors are raw-body's and JSON.parse's, which problems.ts maps (413, 415, 400).
 * co-body (Koa's own JSON reader) instead of koa-body: that one also loads a multipart parser and
 * zod, about 10 MB of RSS in each service, for bodies no route here takes.
 *
 *   app.use(jsonBody({ limit: '256kb' }));
 */
export function jsonBody(options: { limit: string }) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const request = ctx.request as { body?: unknown };
    request.body = PARSED_METHODS.has(ctx.method) && ctx.is('json') ? await coBody.json(ctx, { limit: options.limit, strict: true }) : {};
    await next();
  };
}
