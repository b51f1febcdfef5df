import Koa from 'koa';
import { Errors, toProblem, type Logger } from '@episodic/core';
import { jsonBody } from './json-body.ts';
import { problemResponses } from './problems.ts';
import { createMetrics, requestContext, securityHeaders, type CallerTrust } from './observability.ts';
import type { RequestState } from './state.ts';
import type { Metrics } from './observability.ts';

/** A named readiness check: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<unknown>;

/** Routers type their context more narrowly than Koa's Middleware; any middleware fits here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMiddleware = Koa.Middleware<any, any>;

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  /** `'edge'` for the gateway; every service behind it passes the gateway context key. */
  caller: CallerTrust;
  /** Serve `/ready` and `/metrics` on this app (default true); the gateway serves them on its admin port instead. */
  operationalEndpoints?: boolean;
  /** The registry to record into and serve (default: a new one); the gateway shares one with its admin app. */
  metrics?: Metrics;
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
  // X-Forwarded-* are nobody's word by default; the gateway opts in for its own proxies.
  app.proxy = false;
  app.silent = true;
  const metrics = options.metrics ?? createMetrics(options.service);
  app.use(requestContext(options.logger, metrics, options.caller));
  app.use(securityHeaders());
  app.use(problemResponses());
  const operational = options.operationalEndpoints ?? true;
  app.use(async (ctx, next) => {
    if (ctx.path === '/health') return void (ctx.body = { status: 'ok' });
    if (operational && ctx.path === '/ready') return ready(ctx, options.readiness ?? {});
    if (operational && ctx.path === '/metrics') return metricsOf(ctx, metrics);
    await next();
  });
  if (options.parseBodies !== false) {
    app.use(jsonBody({ limit: options.jsonLimit ?? '256kb' }));
  }
  for (const middleware of options.middleware ?? []) app.use(middleware);
  return app;
}

/** Prometheus text of an app's metrics. */
export async function metricsOf(ctx: Koa.Context, metrics: Metrics): Promise<void> {
  ctx.type = metrics.registry.contentType;
  ctx.body = await metrics.registry.metrics();
}

/**
 * Runs the readiness checks: 200 when all pass, else 503 problem+json. The body names each check
 * and says `ok` or `failing`; why one failed (which may name an internal URL or host) goes to the
 * log only.
 */
export async function ready(ctx: Koa.Context & { state: RequestState }, checks: Record<string, ReadinessCheck>): Promise<void> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await Promise.race([check(), timeout(CHECK_TIMEOUT_MS)]);
        return [name, 'ok'] as const;
      } catch (error) {
        ctx.state.log?.warn({ check: name, err: error }, 'readiness check failed');
        return [name, 'failing'] as const;
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
