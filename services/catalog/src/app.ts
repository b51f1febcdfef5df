import type Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@episodic/core';
import { authenticate, authorize, type TokenVerifier } from '@episodic/auth';
import { createHttpApp, type GatewayContextKey, type ReadinessCheck, type RequestState } from '@episodic/http';
import { replayRoutes, type OutboxReplay } from '@episodic/operations';
import { traceRequests } from '@episodic/tracing';
import type { Catalog } from './domain/catalog.ts';
import { episodeRoutes } from './routes/episodes.ts';
import { metadataRoutes } from './routes/metadata.ts';

/** What the catalog HTTP app is built from; main.ts wires the real ones, tests their own. */
export interface CatalogAppDeps {
  logger: Logger;
  /** The key of the signed gateway context: the only source of a caller's ip and request id it believes. */
  gatewayContext: GatewayContextKey;
  catalog: Catalog;
  verifier: TokenVerifier;
  readiness: Record<string, ReadinessCheck>;
  /** Replays of the outbox history (POST /api/v1/admin/replays, forwarded by the gateway). */
  replay?: OutboxReplay;
}

/**
 * The catalog API: the common Episodic stack, then the caller's token re-verified and checked
 * against the one RBAC policy (defence in depth behind the gateway), then the routes.
 * Paths are the public ones (/api/v1/...): the gateway forwards them unchanged.
 */
export function buildApp(deps: CatalogAppDeps): Koa<RequestState> {
  const router = new Router<RequestState>();
  episodeRoutes(router, deps.catalog);
  metadataRoutes(router, deps.catalog);
  return createHttpApp({
    service: 'catalog',
    caller: deps.gatewayContext,
    logger: deps.logger,
    readiness: deps.readiness,
    jsonLimit: '256kb',
    middleware: [
      traceRequests({ service: 'catalog' }),
      authenticate(deps.verifier),
      authorize(),
      ...(deps.replay ? [replayRoutes(deps.replay)] : []),
      router.routes(),
      router.allowedMethods(),
    ],
  });
}
