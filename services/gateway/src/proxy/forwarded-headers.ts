import type { IncomingHttpHeaders } from 'node:http';
import { signGatewayContext } from '@episodic/http';

/**
 * Request headers a service needs, passed on as received (`traceparent` is the gateway span's own
 * by then: tracing replaces the client's). Everything else (hop-by-hop headers
 * such as Connection or Transfer-Encoding, cookies, a client's own forwarding claims) stays at
 * the edge; `x-request-id` and the X-Forwarded-* pair are set by the gateway itself.
 */
const PASSED_REQUEST_HEADERS = ['content-type', 'content-length', 'accept', 'authorization', 'user-agent', 'if-match', 'if-none-match', 'traceparent', 'tracestate'] as const;

/** Response headers a client needs, copied from the service's answer. */
const PASSED_RESPONSE_HEADERS = ['content-type', 'location', 'etag', 'link', 'content-disposition', 'cache-control', 'last-modified', 'retry-after', 'allow'] as const;

/** What the gateway knows about the request it forwards. */
export interface ForwardingContext {
  headers: IncomingHttpHeaders;
  requestId: string;
  /** The peer's socket address (a load balancer's, or the client's). */
  socketAddress: string | undefined;
  /** `http` or `https`, as the client used it. */
  protocol: string;
  /** How many proxies in front of the gateway may add X-Forwarded-For entries. */
  trustedProxies: number;
  /** What the signed gateway context binds: the key, the request line, the client ip the gateway found. */
  signing: { key: string; method: string; url: string; clientIp: string };
}

/**
 * The headers of the request to a service: the passed ones, the request id, X-Forwarded-For
 * with the trusted part of the inbound chain plus the socket address appended (for logs), and the
 * signed gateway context: the only client ip and request id a service believes.
 */
export function upstreamRequestHeaders(forwarding: ForwardingContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_REQUEST_HEADERS) {
    const value = forwarding.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  headers['x-request-id'] = forwarding.requestId;
  headers['x-forwarded-for'] = forwardedFor(forwarding);
  headers['x-forwarded-proto'] = forwarding.protocol;
  const { key, method, url, clientIp } = forwarding.signing;
  return { ...headers, ...signGatewayContext(key, { method, url }, { ip: clientIp, requestId: forwarding.requestId, time: Date.now() }) };
}

/** The trusted tail of the inbound X-Forwarded-For chain, with the socket address appended. */
export function forwardedFor(forwarding: Pick<ForwardingContext, 'headers' | 'socketAddress' | 'trustedProxies'>): string {
  const inbound = String(forwarding.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const trusted = forwarding.trustedProxies > 0 ? inbound.slice(-forwarding.trustedProxies) : [];
  const peer = forwarding.socketAddress?.replace(/^::ffff:/, '');
  return [...trusted, ...(peer ? [peer] : [])].join(', ');
}

/** The response headers to copy back to the client. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = upstream[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
