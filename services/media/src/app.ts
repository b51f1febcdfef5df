import type Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@episodic/core';
import { authenticate, authorize, type TokenVerifier } from '@episodic/auth';
import { replayRoutes, type OutboxReplay } from '@episodic/operations';
import { traceRequests } from '@episodic/tracing';
import { createHttpApp, type GatewayContextKey, type ReadinessCheck, type RequestState } from '@episodic/http';
import type { ThumbnailReads } from './domain/thumbnail-reads.ts';
import type { ThumbnailWrites } from './domain/thumbnail-writes.ts';
import { thumbnailRoutes } from './routes/thumbnails.ts';
import type { UploadAdmission } from './routes/upload-admission.ts';

/** What the media HTTP app is built from; main.ts wires the real ones, tests their own. */
export interface MediaAppDeps {
  logger: Logger;
  /** The key of the signed gateway context: the only source of a caller's ip and request id it believes. */
  gatewayContext: GatewayContextKey;
  reads: ThumbnailReads;
  writes: ThumbnailWrites;
  verifier: TokenVerifier;
  readiness: Record<string, ReadinessCheck>;
  maxUploadBytes: number;
  /** Bounds the uploads (and bytes) buffered at once. */
  admission: UploadAdmission;
  /** Replays of the outbox history (POST /api/v1/admin/replays, forwarded by the gateway). */
  replay?: OutboxReplay;
}

/**
 * The media API: the common Episodic stack, then the caller's token re-verified and checked
 * against the one RBAC policy (defence in depth behind the gateway), then the routes.
 */
export function buildApp(deps: MediaAppDeps): Koa<RequestState> {
  const router = new Router<RequestState>();
  thumbnailRoutes(router, deps);
  return createHttpApp({
    service: 'media',
    caller: deps.gatewayContext,
    logger: deps.logger,
    readiness: deps.readiness,
    middleware: [
      traceRequests({ service: 'media' }),
      authenticate(deps.verifier),
      authorize(),
      ...(deps.replay ? [replayRoutes(deps.replay)] : []),
      router.routes(),
      router.allowedMethods(),
    ],
  });
}
