import type Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@episodic/core';
import { authenticate, authorize, type TokenVerifier } from '@episodic/auth';
import { createHttpApp, type GatewayContextKey, type ReadinessCheck, type RequestState } from '@episodic/http';
import { replayRoutes, type OutboxReplay } from '@episodic/operations';
import { traceRequests } from '@episodic/tracing';
import type { ProcessingDeps } from './domain/processing-deps.ts';
import { processingRoutes } from './routes/processing.ts';

/** What the processing HTTP app is built from; main.ts wires the real ones, tests their own. */
export interface ProcessingAppDeps {
  logger: Logger;
  /** The key of the signed gateway context: the only source of a caller's ip and request id it believes. */
  gatewayContext: GatewayContextKey;
  deps: ProcessingDeps;
  verifier: TokenVerifier;
  readiness: Record<string, ReadinessCheck>;
  /** Replays of the outbox history (POST /api/v1/admin/replays, forwarded by the gateway). */
  replay?: OutboxReplay;
}

/** The processing API: the common stack, the caller's token re-verified against the one policy, then the routes. */
export function buildApp(app: ProcessingAppDeps): Koa<RequestState> {
  const router = new Router<RequestState>();
  processingRoutes(router, app.deps);
  return createHttpApp({
    service: 'processing',
    caller: app.gatewayContext,
    logger: app.logger,
    readiness: app.readiness,
    middleware: [
      traceRequests({ service: 'processing' }),
      authenticate(app.verifier),
      authorize(),
      ...(app.replay ? [replayRoutes(app.replay)] : []),
      router.routes(),
      router.allowedMethods(),
    ],
  });
}
