import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from '@episodic/core';
import { readGatewayContext, type GatewayContextKey } from './gateway-context.ts';
import type { RequestState } from './state.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Whose word an app takes for the client's ip and the request id: `'edge'` (the gateway: a valid
 * inbound `x-request-id`, and the ip Koa derives under its `proxy` setting), or the key of the
 * signed gateway context (a service: only a context the gateway signed, else its own id and the
 * socket address).
 */
export type CallerTrust = 'edge' | GatewayContextKey;

/** A Prometheus registry with the process's default metrics and the HTTP request histogram. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, requestDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A counter on a service's registry, e.g. `createCounter(metrics, 'gateway_access_records_dropped_total', '…')`. */
export function createCounter(metrics: Metrics, name: string, help: string): Counter {
  return new Counter({ name, help, registers: [metrics.registry] });
}

/**
 * Gives every request an id and a client ip (see CallerTrust), a bound logger, an access-log line
 * and a duration sample. The response's `x-request-id` says which id was used.
 */
export function requestContext(logger: Logger, metrics: Metrics, trust: CallerTrust) {
  return async (ctx: Context & { state: RequestState }, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    const { requestId, clientIp, viaGateway } = trust === 'edge' ? atTheEdge(ctx) : behindTheGateway(ctx, trust, logger);
    ctx.state.requestId = requestId;
    ctx.state.clientIp = clientIp;
    ctx.state.log = logger.child({ requestId });
    ctx.set('x-request-id', requestId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const labels = { method: ctx.method, route: typeof route === 'string' ? route : 'unmatched', status: String(ctx.status) };
      metrics.requestDuration.observe(labels, seconds);
      // A request the gateway forwarded is logged there at info (same request id): here at debug.
      const quiet = viaGateway || ctx.path === '/health' || ctx.path === '/ready' || ctx.path === '/metrics';
      ctx.state.log[quiet ? 'debug' : 'info'](
        { method: ctx.method, path: ctx.path, status: ctx.status, durationMs: Math.round(seconds * 1000) },
        'request',
      );
    }
  };
}

interface RequestOrigin {
  requestId: string;
  clientIp: string;
  /** Forwarded by the gateway with a valid signed context. */
  viaGateway: boolean;
}

function atTheEdge(ctx: Context): RequestOrigin {
  const inbound = ctx.get('x-request-id');
  return { requestId: REQUEST_ID.test(inbound) ? inbound : randomUUID(), clientIp: ctx.ip, viaGateway: false };
}

/** A signed context is believed; anything else claiming to be one is logged and ignored. */
function behindTheGateway(ctx: Context, trust: GatewayContextKey, logger: Logger): RequestOrigin {
  const reading = readGatewayContext(trust, { method: ctx.method, url: ctx.originalUrl, headers: ctx.headers });
  if ('context' in reading) return { requestId: reading.context.requestId, clientIp: reading.context.ip, viaGateway: true };
  const own = { requestId: randomUUID(), clientIp: socketAddress(ctx), viaGateway: false };
  if ('rejected' in reading || ctx.get('x-forwarded-for')) {
    const reason = 'rejected' in reading ? reading.rejected : 'unsigned x-forwarded-for';
    logger.warn({ requestId: own.requestId, reason, socketAddress: own.clientIp, method: ctx.method, path: ctx.path }, 'gateway context not believed');
  }
  return own;
}

function socketAddress(ctx: Context): string {
  return (ctx.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/** Headers every API response carries (the docs page sets its own CSP). */
export function securityHeaders() {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (!ctx.response.get('Content-Security-Policy'))
      ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    ctx.remove('X-Powered-By');
  };
}
