import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import { AppError, guard, type Guarded } from '@episodic/core';

/** The request the gateway sends to a service. */
export interface UpstreamRequest {
  method: string;
  /** Path and query string, exactly as the client sent them. */
  path: string;
  headers: Record<string, string>;
  body: Readable | undefined;
  /** Why the client's body broke, if it did; read after a failure. */
  bodyFailure: () => AppError | undefined;
}

export interface UpstreamOptions {
  /** Time to the response headers, and between body chunks. */
  timeoutMs: number;
  connections: number;
}

/** One service behind the gateway: a keep-alive pool and the circuit breaker in front of it. */
export interface Upstream {
  name: string;
  /** Sends the request; rejects with 503 (down, circuit open) or 504 (too slow) problems. */
  send(request: UpstreamRequest): Promise<Dispatcher.ResponseData>;
  readonly breaker: Guarded<[UpstreamRequest, AbortSignal], Dispatcher.ResponseData>['breaker'];
  close(): Promise<void>;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/**
 * Creates the pool and breaker of one service. Failures of the service (refused connection,
 * timeout) count against its circuit; when it is open the gateway answers 503 at once without
 * calling. A service's own 4xx/5xx answers are passed through, not counted: the service is up
 * and speaking for itself. A client's broken body is the client's fault and never opens it.
 *
 *   const catalog = createUpstream('catalog', 'http://127.0.0.1:3001', { timeoutMs: 10_000, connections: 64 });
 */
export function createUpstream(name: string, baseUrl: string, options: UpstreamOptions): Upstream {
  const pool = new Pool(new URL(baseUrl).origin, {
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 30_000,
    connect: { timeout: Math.min(options.timeoutMs, 5_000) },
  });
  const call = guard(
    `${name} service`,
    async (request: UpstreamRequest, signal: AbortSignal) => {
      try {
        const { method, path, headers, body } = request;
        return await pool.request({ method: method as Dispatcher.HttpMethod, path, headers, body: body ?? null, signal });
      } catch (error) {
        throw request.bodyFailure() ?? error;
      }
    },
    { timeoutMs: options.timeoutMs, isCallerError: (error) => error instanceof AppError },
  );
  return {
    name,
    breaker: call.breaker,
    send: async (request) => {
      const abort = new AbortController();
      try {
        return await call(request, abort.signal);
      } catch (error) {
        // The breaker gave up (timeout): make sure the pending request and its socket go too.
        abort.abort();
        throw asTimeout(name, options.timeoutMs, error);
      }
    },
    close: () => pool.close(),
  };
}

/** A 503 from the breaker whose cause is a timeout becomes a 504: the service is there but too slow. */
function asTimeout(name: string, timeoutMs: number, error: unknown): unknown {
  if (!(error instanceof AppError) || error.status !== 503) return error;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !TIMEOUT_CODES.has(code)) return error;
  return new AppError('upstream-timeout', 504, `The ${name} service did not answer within ${timeoutMs} ms; try again shortly.`, {
    cause: error.cause,
    expose: true,
  });
}
