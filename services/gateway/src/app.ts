import type Koa from 'koa';
import type { Context, Next } from 'koa';
import { Errors, type Logger } from '@episodic/core';
import { authenticate, authorize, type TokenVerifier } from '@episodic/auth';
import { createHttpApp, type Metrics, type ReadinessCheck, type RequestState } from '@episodic/http';
import type { DeadLetters } from '@episodic/operations';
import { traceRequests } from '@episodic/tracing';
import { operations } from './admin/operations.ts';
import { recordAccess, type AccessSink } from './access/record-access.ts';
import { corsFor, type CorsSettings } from './edge/cors.ts';
import { rateLimit, type RateTable } from './edge/rate-limit.ts';
import { apiDocuments } from './docs/api-documents.ts';
import { docsPage } from './docs/docs-page.ts';
import { proxy } from './proxy/proxy.ts';
import type { BodyLimits } from './proxy/request-body.ts';
import type { Upstream } from './proxy/upstream.ts';
import type { UpstreamName } from './routing/upstream-routes.ts';

/** Everything the gateway's HTTP app needs, built by the caller (main.ts, or a test). */
export interface GatewayDependencies {
  logger: Logger;
  verifier: TokenVerifier;
  upstreams: Partial<Record<UpstreamName, Upstream>>;
  access: AccessSink;
  readiness: Record<string, ReadinessCheck>;
  limits: BodyLimits;
  /** Proxies in front of the gateway whose X-Forwarded-For entries count (0: none). */
  trustedProxies: number;
  /** The gateway's public URL for the OpenAPI `servers`; undefined: the first request's origin. */
  publicUrl: string | undefined;
  /** The key of the signed gateway context sent to services. */
  contextKey: string;
  cors: CorsSettings;
  rates: RateTable;
  /** Rate-limit buckets remembered at most. */
  rateLimitCallers: number;
  /** Shared with the admin app that serves them. */
  metrics: Metrics;
  /** The topology's dead-letter queues (admin operations); undefined: those routes answer 503. */
  deadLetters?: DeadLetters;
}

/** The versioned public API; everything else but health and docs is a 404. */
const API_PREFIX = '/api/v1';

/**
 * The gateway's public Koa app: the common stack (request id, problem+json, security headers,
 * /health; /ready and /metrics live on the admin app), CORS, the public docs, then for every
 * other `/api/v1` route: rate limit, verify the token, check the POLICY table, record the access
 * after the response, and proxy with a signed gateway context (admin operations on the event flow
 * are answered here: see admin/operations.ts). Each request is a trace span when tracing is on.
 *
 *   const app = buildApp({ logger, verifier, upstreams, access, readiness, limits, trustedProxies: 0, publicUrl, contextKey, cors, rates, rateLimitCallers, metrics });
 */
export function buildApp(deps: GatewayDependencies): Koa<RequestState> {
  const app = createHttpApp({
    service: 'gateway',
    caller: 'edge',
    logger: deps.logger,
    operationalEndpoints: false,
    metrics: deps.metrics,
    parseBodies: false,
    middleware: [
      traceRequests({ service: 'gateway', forward: true }),
      corsFor(deps.cors),
      docsPage(),
      apiDocuments({ publicUrl: deps.publicUrl }),
      onlyTheApi(),
      rateLimit({ verifier: deps.verifier, rates: deps.rates, callers: deps.rateLimitCallers }),
      recordAccess(deps.access),
      authenticate(deps.verifier),
      authorize(),
      operations({ deadLetters: deps.deadLetters, upstreams: deps.upstreams, trustedProxies: deps.trustedProxies, contextKey: deps.contextKey }),
      proxy({ upstreams: deps.upstreams, limits: deps.limits, trustedProxies: deps.trustedProxies, contextKey: deps.contextKey }),
    ],
  });
  // The gateway is the edge: X-Forwarded-* are believed only from configured proxies.
  app.proxy = deps.trustedProxies > 0;
  app.maxIpsCount = deps.trustedProxies;
  return app;
}

/**
 * The admin app, on its own (loopback) listener: `/health`, `/ready` (the identity provider's
 * keys and each service's /health) and `/metrics` of the public app.
 */
export function buildAdminApp(deps: Pick<GatewayDependencies, 'logger' | 'readiness' | 'metrics'>): Koa<RequestState> {
  return createHttpApp({ service: 'gateway', caller: 'edge', logger: deps.logger, readiness: deps.readiness, metrics: deps.metrics, parseBodies: false });
}

function onlyTheApi() {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path !== API_PREFIX && !ctx.path.startsWith(`${API_PREFIX}/`)) throw Errors.notFound(`${ctx.method} ${ctx.path}`);
    await next();
  };
}
