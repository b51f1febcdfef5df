import type Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@episodic/core';
import { authenticate, authorize, type TokenVerifier } from '@episodic/auth';
import { traceRequests } from '@episodic/tracing';
import { createHttpApp, type GatewayContextKey, type ReadinessCheck, type RequestState } from '@episodic/http';
import type { ActivityRepository } from './data/activity-repository.ts';
import type { Archive } from './data/archive.ts';
import type { RetentionRepository } from './data/retention-repository.ts';
import { activityRoutes } from './routes/activity.ts';
import { legalHoldRoutes } from './routes/legal-holds.ts';
import { reportRoutes } from './routes/reports.ts';
import { verifyRoutes } from './routes/verify.ts';

export interface AuditAppDeps {
  logger: Logger;
  /** The key of the signed gateway context: the only source of a caller's ip and request id it believes. */
  gatewayContext: GatewayContextKey;
  activity: ActivityRepository;
  retention: RetentionRepository;
  archive: Archive;
  verifier: TokenVerifier;
  readiness: Record<string, ReadinessCheck>;
}

/** The audit API: the common stack, the forwarded token re-verified against the RBAC table, the report routes. */
export function buildApp(deps: AuditAppDeps): Koa<RequestState> {
  const router = new Router<RequestState>();
  activityRoutes(router, deps.activity);
  reportRoutes(router, deps.activity);
  verifyRoutes(router, deps);
  legalHoldRoutes(router, deps);
  return createHttpApp({
    service: 'audit',
    caller: deps.gatewayContext,
    logger: deps.logger,
    readiness: deps.readiness,
    middleware: [traceRequests({ service: 'audit' }), authenticate(deps.verifier), authorize(), router.routes(), router.allowedMethods()],
  });
}
