import type { Context, Next } from 'koa';
import { POLICY } from '@episodic/auth';
import { buildAsyncApi, buildOpenApi } from '@episodic/contracts';

/**
 * Who may call an operation, straight from the POLICY table, so the OpenAPI document states
 * the same rules the gateway enforces. Accepts OpenAPI (`{id}`) or POLICY (`:id`) templates.
 */
export function rolesFor(method: string, path: string): string[] {
  const template = path.replace(/\{([^}]+)\}/g, ':$1');
  const rule = POLICY.find((candidate) => candidate.method === method.toUpperCase() && candidate.path === template);
  return rule ? [...rule.roles] : [];
}

/**
 * Serves `GET /api/v1/openapi.json` and `GET /api/v1/asyncapi.json`, both built from the
 * contracts' schemas once (the servers entry from `publicUrl`, or else the first request's
 * origin). Public: they describe the API and grant nothing.
 */
export function apiDocuments(options: { publicUrl: string | undefined }) {
  let openApi: string | undefined;
  let asyncApi: string | undefined;
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/api/v1/openapi.json') {
      openApi ??= JSON.stringify(buildOpenApi({ serverUrl: options.publicUrl ?? ctx.origin, rolesFor }));
      return serve(ctx, openApi);
    }
    if (ctx.path === '/api/v1/asyncapi.json') {
      asyncApi ??= JSON.stringify(buildAsyncApi());
      return serve(ctx, asyncApi);
    }
    await next();
  };
}

function serve(ctx: Context, document: string): void {
  ctx.type = 'application/json; charset=utf-8';
  ctx.set('Cache-Control', 'public, max-age=300');
  ctx.body = document;
}
