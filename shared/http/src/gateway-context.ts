import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The headers in which the gateway tells a service who called: the client's ip, the request id
 * and when the gateway signed them, plus an HMAC-SHA256 over those and the request's method and
 * path (so a captured signature cannot be moved to another request). Any client can send headers
 * of these names; only the gateway holds the key that makes them count.
 */
export const GATEWAY_CONTEXT_HEADERS = {
  ip: 'x-episodic-client-ip',
  requestId: 'x-episodic-request-id',
  time: 'x-episodic-time',
  signature: 'x-episodic-signature',
} as const;

/** The settings every service (and the gateway, which signs) reads; spread into each config spec. */
export const GATEWAY_CONTEXT_SETTINGS = {
  GATEWAY_CONTEXT_KEY: { type: 'string', pattern: '^.{32,}$', secret: true, description: "HMAC-SHA256 key (at least 32 characters) of the signed gateway context: the gateway signs the caller's ip and request id with it, services believe them only when the signature checks. The same secret in all five services (Secrets Manager in AWS; `npm start` generates one)." },
  GATEWAY_CONTEXT_MAX_AGE_SECONDS: { type: 'integer', default: 30, minimum: 1, maximum: 300, description: 'How old (seconds, either way of the clock) a signed gateway context may be before a service ignores it as a replay.' },
} as const;

/** What a service needs to check the context: the shared key and the longest age it accepts. */
export interface GatewayContextKey {
  key: string;
  maxAgeSeconds: number;
}

/** The caller as the gateway saw it. `time` is epoch milliseconds. */
export interface GatewayContext {
  ip: string;
  requestId: string;
  time: number;
}

/** The request a context is bound to: its method and its path with the query string. */
export interface BoundRequest {
  method: string;
  url: string;
}

/** Why a service did not believe a context it was sent. */
export type ContextRejection = 'incomplete' | 'bad-signature' | 'expired';

export type ContextReading = { context: GatewayContext } | { rejected: ContextRejection } | { absent: true };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const IP = /^[0-9A-Fa-f.:]{2,45}$/;

function signature(key: string, request: BoundRequest, context: GatewayContext): Buffer {
  const signed = ['v1', request.method.toUpperCase(), request.url, context.ip, context.requestId, String(context.time)].join('\n');
  return createHmac('sha256', key).update(signed).digest();
}

/**
 * The headers the gateway adds to a request it forwards.
 *
 *   headers = { ...headers, ...signGatewayContext(key, { method: 'GET', url: '/api/v1/episodes?limit=5' }, { ip, requestId, time: Date.now() }) };
 */
export function signGatewayContext(key: string, request: BoundRequest, context: GatewayContext): Record<string, string> {
  return {
    [GATEWAY_CONTEXT_HEADERS.ip]: context.ip,
    [GATEWAY_CONTEXT_HEADERS.requestId]: context.requestId,
    [GATEWAY_CONTEXT_HEADERS.time]: String(context.time),
    [GATEWAY_CONTEXT_HEADERS.signature]: signature(key, request, context).toString('base64url'),
  };
}

/**
 * Reads and checks the context of an inbound request: absent (no context header at all),
 * rejected (some headers, but incomplete, signed with another key or for another request, or
 * older than the max age), or the context itself.
 */
export function readGatewayContext(trust: GatewayContextKey, request: BoundRequest & { headers: IncomingHttpHeaders }, now = Date.now()): ContextReading {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const [ip, requestId, time, sent] = [GATEWAY_CONTEXT_HEADERS.ip, GATEWAY_CONTEXT_HEADERS.requestId, GATEWAY_CONTEXT_HEADERS.time, GATEWAY_CONTEXT_HEADERS.signature].map(header);
  if (ip === undefined && requestId === undefined && time === undefined && sent === undefined) return { absent: true };
  if (!ip || !IP.test(ip) || !requestId || !REQUEST_ID.test(requestId) || !time || !/^\d{1,15}$/.test(time) || !sent) return { rejected: 'incomplete' };
  const context = { ip, requestId, time: Number(time) };
  const expected = signature(trust.key, request, context);
  const given = Buffer.from(sent, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { rejected: 'bad-signature' };
  if (Math.abs(now - context.time) > trust.maxAgeSeconds * 1000) return { rejected: 'expired' };
  return { context };
}

/** The context key a service's configuration describes. */
export function gatewayContextOf(config: { GATEWAY_CONTEXT_KEY: string; GATEWAY_CONTEXT_MAX_AGE_SECONDS: number }): GatewayContextKey {
  return { key: config.GATEWAY_CONTEXT_KEY, maxAgeSeconds: config.GATEWAY_CONTEXT_MAX_AGE_SECONDS };
}
