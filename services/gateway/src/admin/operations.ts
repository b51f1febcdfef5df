import { Readable } from 'node:stream';
import type { Context, Next } from 'koa';
import { AppError, Errors } from '@episodic/core';
import { jsonBody, validate, type RequestState } from '@episodic/http';
import { deadLetterRoutes, ReplayRequestBody, type DeadLetters, type ReplayRequest } from '@episodic/operations';
import { clientResponseHeaders, upstreamRequestHeaders } from '../proxy/forwarded-headers.ts';
import type { Upstream } from '../proxy/upstream.ts';
import type { UpstreamName } from '../routing/upstream-routes.ts';

/** The admin operations the gateway answers itself (behind authenticate, authorize and access records). */
export interface OperationsOptions {
  /** The topology's DLQs through the gateway's SQS client; undefined: those routes answer 503. */
  deadLetters: DeadLetters | undefined;
  upstreams: Partial<Record<UpstreamName, Upstream>>;
  trustedProxies: number;
  contextKey: string;
}

const ADMIN = '/api/v1/admin';
const DEAD_LETTERS = `${ADMIN}/dead-letters`;
const REPLAYS = `${ADMIN}/replays`;

/** Whether the gateway itself answers this path (no service owns it in the routing table). */
export function isOperationsPath(path: string): boolean {
  return path === DEAD_LETTERS || path.startsWith(`${DEAD_LETTERS}/`) || path === REPLAYS;
}

/**
 * `/api/v1/admin/*`: the dead-letter routes run here, against SQS; a replay is checked here
 * and sent on to the service it names, whose outbox history it reads. Anything else goes on
 * to the proxy.
 */
export function operations(options: OperationsOptions) {
  const deadLetterRouter = options.deadLetters ? deadLetterRoutes(options.deadLetters) : undefined;
  const parse = jsonBody({ limit: '4kb' });
  const check = validate({ body: ReplayRequestBody });
  return async (ctx: Context & { state: RequestState }, next: Next): Promise<void> => {
    if (ctx.path === REPLAYS && ctx.method === 'POST') {
      await parse(ctx, () => check(ctx, () => forwardReplay(ctx, options)));
      return;
    }
    if (!isOperationsPath(ctx.path)) return next();
    if (!deadLetterRouter) throw new AppError('operations-not-configured', 503, 'Dead-letter operations are not configured on this gateway.', { expose: true });
    await deadLetterRouter(ctx as never, async () => {
      throw Errors.notFound(`The route ${ctx.path}`);
    });
  };
}

async function forwardReplay(ctx: Context & { state: RequestState }, options: OperationsOptions): Promise<void> {
  const request = ctx.state.valid.body as ReplayRequest;
  const upstream = options.upstreams[request.service as UpstreamName];
  if (!upstream) throw new AppError('upstream-not-configured', 503, `The ${request.service} service is not configured on this gateway.`, { expose: true });
  const body = Buffer.from(JSON.stringify(request));
  const headers = upstreamRequestHeaders({
    headers: { ...ctx.headers, 'content-type': 'application/json', 'content-length': String(body.length) },
    requestId: ctx.state.requestId,
    socketAddress: ctx.req.socket.remoteAddress,
    protocol: ctx.protocol,
    trustedProxies: options.trustedProxies,
    signing: { key: options.contextKey, method: ctx.method, url: ctx.url, clientIp: ctx.state.clientIp },
  });
  const response = await upstream.send({ method: 'POST', path: ctx.url, headers, body: Readable.from([body]), bodyFailure: () => undefined });
  ctx.status = response.statusCode;
  ctx.set(clientResponseHeaders(response.headers));
  ctx.body = response.body;
}
