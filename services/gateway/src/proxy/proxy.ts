import type { Context } from 'koa';
import type { Dispatcher } from 'undici';
import { AppError, Errors } from '@episodic/core';
import type { RequestState } from '@episodic/http';
import { upstreamFor, type UpstreamName } from '../routing/upstream-routes.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.ts';
import { CappedBody, checkDeclaredLength, hasBody, limitFor, type BodyLimits } from './request-body.ts';
import type { Upstream } from './upstream.ts';

export interface ProxyOptions {
  /** The configured services; an optional one left out answers 503 "not configured". */
  upstreams: Partial<Record<UpstreamName, Upstream>>;
  limits: BodyLimits;
  trustedProxies: number;
  /** The key the gateway signs the context it forwards with. */
  contextKey: string;
}

const BODILESS_STATUSES = new Set([204, 304]);

/**
 * The last middleware of the gateway: sends an authorized request on to the service that owns
 * its path, streaming the body both ways, and copies the answer back (a service's own errors,
 * 5xx included, pass through as they are).
 */
export function proxy(options: ProxyOptions) {
  return async (ctx: Context & { state: RequestState }): Promise<void> => {
    const upstream = upstreamOf(ctx.path, options.upstreams);
    const limit = limitFor(ctx.get('content-type'), options.limits);
    let body: CappedBody | undefined;
    try {
      checkDeclaredLength(ctx.req, limit);
      body = hasBody(ctx.req) ? new CappedBody(ctx.req, limit) : undefined;
      const response = await upstream.send({
        method: ctx.method,
        path: ctx.url,
        headers: upstreamRequestHeaders({
          headers: ctx.headers,
          requestId: ctx.state.requestId,
          socketAddress: ctx.req.socket.remoteAddress,
          protocol: ctx.protocol,
          trustedProxies: options.trustedProxies,
          signing: { key: options.contextKey, method: ctx.method, url: ctx.url, clientIp: ctx.state.clientIp },
        }),
        body,
        bodyFailure: () => body?.failure,
      });
      respond(ctx, response);
    } catch (error) {
      // The rest of an unread body is not worth reading: answer, then drop the connection.
      if (error instanceof AppError && error.status < 500) ctx.set('Connection', 'close');
      throw error;
    }
  };
}

function upstreamOf(path: string, upstreams: ProxyOptions['upstreams']): Upstream {
  const name = upstreamFor(path);
  if (!name) throw Errors.notFound(`The route ${path}`);
  const upstream = upstreams[name];
  if (!upstream) {
    throw new AppError('upstream-not-configured', 503, `The ${name} service is not configured on this gateway.`, { expose: true });
  }
  return upstream;
}

function respond(ctx: Context, response: Dispatcher.ResponseData): void {
  ctx.status = response.statusCode;
  ctx.set(clientResponseHeaders(response.headers));
  if (ctx.method === 'HEAD' || BODILESS_STATUSES.has(response.statusCode)) {
    void response.body.dump();
    ctx.body = null;
    return;
  }
  // A client that hangs up mid-body makes undici's stream error, possibly more than once; Koa
  // listens only once, and an unheard 'error' would take the whole gateway down.
  response.body.on('error', (error: Error) => ctx.state.log?.debug({ err: error }, 'response stream ended early'));
  ctx.body = response.body;
  // A known length (an image download) is passed on, so clients can show progress; Koa drops it for streams.
  const length = response.headers['content-length'];
  if (typeof length === 'string' && /^\d+$/.test(length)) ctx.length = Number(length);
}
