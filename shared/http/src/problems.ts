import type { Context, Next } from 'koa';
import { AppError, Errors, toProblem } from '@episodic/core';
import type { RequestState } from './state.ts';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Maps errors thrown by Koa, co-body and raw-body onto the one AppError vocabulary. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseOutage(error)) return Errors.unavailable('database', error);
  const http = (error ?? {}) as HttpLikeError;
  const status = http.status ?? http.statusCode;
  if (http.type === 'entity.too.large' || status === 413) return Errors.tooLarge('The request body is too large.');
  if (http.type === 'entity.parse.failed' || error instanceof SyntaxError)
    return new AppError('malformed-json', 400, 'The request body is not valid JSON.');
  if (http.type === 'encoding.unsupported' || status === 415)
    return Errors.unsupportedMediaType('The request body encoding or type is not supported.');
  if (status && status >= 400 && status < 500 && http.expose)
    return new AppError(`http-${status}`, status, http.message ?? 'Request failed.');
  return new AppError('internal', 500, 'Unhandled error', { cause: error, expose: false });
}

/** Sequelize's errors for a database it cannot reach or get a connection to in time. */
function isDatabaseOutage(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^Sequelize(Connection\w*|HostNotFound|HostNotReachable|InvalidConnection)Error$/.test(name);
}

/**
 * The error boundary of every Episodic HTTP app: any error (and any unmatched route)
 * becomes an RFC 9457 problem+json body; 5xx are logged with their stack, which never
 * reaches the client.
 */
export function problemResponses() {
  return async (ctx: Context & { state: RequestState }, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) throw bodilessError(ctx);
    } catch (thrown) {
      const error = asAppError(thrown);
      if (error.status >= 500) ctx.state.log?.error({ err: error.cause ?? error, code: error.code }, 'request failed');
      const allow = error.extensions['allow'];
      if (Array.isArray(allow) && allow.length > 0) ctx.set('Allow', allow.join(', '));
      ctx.status = error.status;
      ctx.type = 'application/problem+json';
      ctx.body = toProblem(error, ctx.path);
    }
  };
}

/** A status set without a body (an unmatched route, the router's 405) still answers as a problem. */
function bodilessError(ctx: Context): AppError {
  if (ctx.status === 404) return Errors.notFound(`${ctx.method} ${ctx.path}`);
  if (ctx.status === 405) {
    return Errors.methodNotAllowed(ctx.method, ctx.path, ctx.response.get('Allow').split(/,\s*/).filter(Boolean));
  }
  return new AppError(`http-${ctx.status}`, ctx.status, ctx.message || 'Request failed.');
}
