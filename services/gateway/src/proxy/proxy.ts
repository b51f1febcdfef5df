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
 * Answers up to this size (by their Content-Length) are read whole and sent in one write, as
 * almost every JSON answer is; streaming them cost a stream pipeline (and its AbortController)
 * and separate writes per request. Larger ones (image downloads) stream.
 */
const WHOLE_BODY_BYTES = 64 * 1024;

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
      await respond(ctx, response, upstream.name);
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

async function respond(ctx: Context, response: Dispatcher.ResponseData, service: string): Promise<void> {
  ctx.status = response.statusCode;
  ctx.set(clientResponseHeaders(response.headers));
  if (ctx.method === 'HEAD' || BODILESS_STATUSES.has(response.statusCode)) {
    void response.body.dump();
    ctx.body = null;
    return;
  }
  const length = response.headers['content-length'];
  const size = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : undefined;
  if (size !== undefined && size <= WHOLE_BODY_BYTES) {
    ctx.body = await wholeBody(response, service);
    return;
  }
  // A client that hangs up mid-body makes undici's stream error, possibly more than once; Koa
  // listens only once, and an unheard 'error' would take the whole gateway down.
  response.body.on('error', (error: Error) => ctx.state.log?.debug({ err: error }, 'response stream ended early'));
  ctx.body = response.body;
  // A known length (an image download) is passed on, so clients can show progress; Koa drops it for streams.
  if (size !== undefined) ctx.length = size;
}

/** A small answer read whole; a service that breaks off mid-answer is a 502, not half a body. */
async function wholeBody(response: Dispatcher.ResponseData, service: string): Promise<Buffer> {
  try {
    return Buffer.from(await response.body.arrayBuffer());
  } catch (error) {
    throw new AppError('upstream-broken-answer', 502, `The ${service} service broke off its answer; try again.`, { cause: error, expose: true });
  }
}
