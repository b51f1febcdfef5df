import Koa from 'koa';
import { koaBody } from 'koa-body';
import { Errors, toProblem, type Logger } from '@episodic/core';
import { problemResponses } from './problems.ts';
import { createMetrics, requestContext, securityHeaders } from './observability.ts';
import type { RequestState } from './state.ts';

/** A named readiness check: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<unknown>;

/** Routers type their context more narrowly than Koa's Middleware; any middleware fits here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMiddleware = Koa.Middleware<any, any>;

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  /** Dependencies `/ready` checks (e.g. database, queue endpoint), each bounded by a timeout. */
  readiness?: Record<string, ReadinessCheck>;
  /** JSON body limit, e.g. '256kb'. */
  jsonLimit?: string;
  /** Middleware (routers, auth) mounted after the common stack. */
  middleware?: AnyMiddleware[];
  /** Parse JSON bodies (the gateway streams bodies through instead). */
  parseBodies?: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * The Koa app every Episodic service starts from: request id and access log, problem+json
 * errors, security headers, JSON body limit, `/health`, `/ready` and `/metrics`, then the
 * service's own middleware.
 *
 *   const app = createHttpApp({ service: 'catalog', logger, readiness: { database: () => checkDatabase(db) },
 *                               middleware: [authenticate(verifier), authorize(), router.routes()] });
 */
export function createHttpApp(options: HttpAppOptions): Koa<RequestState> {
  const app = new Koa<RequestState>();
  app.proxy = true;
  app.silent = true;
  const metrics = createMetrics(options.service);
  app.use(requestContext(options.logger, metrics));
  app.use(securityHeaders());
  app.use(problemResponses());
  app.use(async (ctx, next) => {
    if (ctx.path === '/health') return void (ctx.body = { status: 'ok', service: options.service });
    if (ctx.path === '/ready') return ready(ctx, options.readiness ?? {});
    if (ctx.path === '/metrics') {
      ctx.type = metrics.registry.contentType;
      return void (ctx.body = await metrics.registry.metrics());
    }
    await next();
  });
  if (options.parseBodies !== false) {
    app.use(
      koaBody({ json: true, jsonStrict: true, jsonLimit: options.jsonLimit ?? '256kb', urlencoded: false, text: false, multipart: false }),
    );
  }
  for (const middleware of options.middleware ?? []) app.use(middleware);
  return app;
}

async function ready(ctx: Koa.Context, checks: Record<string, ReadinessCheck>): Promise<void> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await Promise.race([check(), timeout(CHECK_TIMEOUT_MS)]);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, (error as Error).message || 'failed'] as const;
      }
    }),
  );
  const failing = results.filter(([, status]) => status !== 'ok');
  if (failing.length === 0) {
    ctx.body = { status: 'ready', checks: Object.fromEntries(results) };
    return;
  }
  ctx.status = 503;
  ctx.type = 'application/problem+json';
  ctx.body = { ...toProblem(Errors.unavailable(failing.map(([name]) => name).join(', ')), '/ready'), checks: Object.fromEntries(results) };
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref());
}
