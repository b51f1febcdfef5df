import cors from '@koa/cors';
import type { Middleware } from 'koa';
import { ConfigError } from '@episodic/core';

export interface CorsSettings {
  /** Exact origins (scheme://host[:port]) allowed, or `['*']`; empty: no browser on another origin. */
  origins: string[];
  allowCredentials: boolean;
}

/** `'https://a.example, http://localhost:5173'` → the list; `''` → none. */
export function corsOriginsOf(setting: string): string[] {
  return setting.split(',').map((origin) => origin.trim()).filter(Boolean);
}

/**
 * CORS for browser clients on the allowed origins: the gateway answers their preflight itself and
 * marks every answer (errors too) for them; any other origin gets no CORS headers at all, so the
 * browser keeps the response from the page. Credentials are never allowed with `*` (the gateway
 * refuses to boot): @koa/cors would otherwise echo any origin back with credentials.
 *
 *   app.use(corsFor({ origins: ['https://tools.example.com'], allowCredentials: false }));
 */
export function corsFor(settings: CorsSettings): Middleware {
  const any = settings.origins.includes('*');
  if (any && settings.allowCredentials) throw new ConfigError('CORS_ALLOW_CREDENTIALS=true cannot be combined with CORS_ORIGINS=*');
  const allowed = new Set(settings.origins);
  return cors({
    origin: (ctx) => (any ? '*' : allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : false),
    credentials: settings.allowCredentials,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'x-request-id'],
    exposeHeaders: ['x-request-id', 'location', 'etag', 'link', 'retry-after', 'ratelimit', 'ratelimit-policy', 'content-disposition'],
    maxAge: 600,
    keepHeadersOnError: true,
  });
}
