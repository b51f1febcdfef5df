import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context, Next } from 'koa';

const require = createRequire(import.meta.url);
/** swagger-ui-dist's own answer to "where are my files", so no path is guessed. */
const swaggerUiFolder = (require('swagger-ui-dist/absolute-path.js') as () => string)();

/** The only files the docs page serves: a fixed list, so no request can reach other files. */
const ASSETS = new Map<string, { file: string; type: string }>([
  ['swagger-ui.css', { file: join(swaggerUiFolder, 'swagger-ui.css'), type: 'text/css; charset=utf-8' }],
  ['swagger-ui-bundle.js', { file: join(swaggerUiFolder, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' }],
  ['favicon-32x32.png', { file: join(swaggerUiFolder, 'favicon-32x32.png'), type: 'image/png' }],
  ['swagger-initializer.js', { file: join(import.meta.dirname, 'swagger-initializer.js'), type: 'text/javascript; charset=utf-8' }],
]);

/**
 * Scripts and styles from this origin only (no inline script, no CDN); the page fetches the
 * OpenAPI document and "try it out" calls from the same origin. Swagger UI's icons are data: URIs.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Episodic API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-initializer.js"></script>
  </body>
</html>
`;

const cache = new Map<string, Promise<Buffer>>();

function contents(file: string): Promise<Buffer> {
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = readFile(file);
    loaded.catch(() => cache.delete(file));
    cache.set(file, loaded);
  }
  return loaded;
}

/**
 * Serves the API docs: `GET /docs` (Swagger UI on `/api/v1/openapi.json`) and its assets from
 * the installed swagger-ui-dist package. Public: the docs describe the API, they grant nothing.
 */
export function docsPage() {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/docs' || ctx.path === '/docs/') {
      ctx.set('Content-Security-Policy', DOCS_CSP);
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PAGE;
      return;
    }
    const asset = ctx.path.startsWith('/docs/') ? ASSETS.get(ctx.path.slice('/docs/'.length)) : undefined;
    if (!asset) return next();
    ctx.set('Content-Security-Policy', DOCS_CSP);
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.type = asset.type;
    ctx.body = await contents(asset.file);
  };
}
