import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Next } from 'koa';
import { tracingEnabled } from './setup.ts';

const tracer = () => trace.getTracer('episodic');

export interface RequestTracingOptions {
  /** The service answering, e.g. `gateway` (a span attribute). */
  service: string;
  /**
   * The edge: the request's own span becomes the parent that the services see, by replacing
   * the inbound `traceparent` (and `tracestate`) in the headers the proxy passes on.
   */
  forward?: boolean;
}

/**
 * A server span per request, continuing a W3C `traceparent` when the client sent a valid one
 * (a malformed one is ignored: a new trace starts, never a 400). The rest of the request (and
 * every log line in it) runs inside the span. Named by the route template when one matched.
 *
 *   middleware: [traceRequests({ service: 'catalog' }), authenticate(verifier), ...]
 */
export function traceRequests(options: RequestTracingOptions) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!tracingEnabled()) return next();
    const parent = propagation.extract(ROOT_CONTEXT, ctx.headers);
    const span = tracer().startSpan(`${ctx.method} ${ctx.path}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path, 'episodic.service': options.service },
    }, parent);
    const active = trace.setSpan(parent, span);
    if (options.forward) {
      delete ctx.request.headers['tracestate'];
      propagation.inject(active, ctx.request.headers);
    }
    try {
      await context.with(active, next);
    } finally {
      const route = (ctx.state as { rule?: { path?: string } }).rule?.path ?? (ctx as { _matchedRoute?: string })._matchedRoute;
      if (typeof route === 'string') span.updateName(`${ctx.method} ${route}`);
      span.setAttribute('http.response.status_code', ctx.status);
      if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
