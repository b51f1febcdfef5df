import type { PolicyRule } from '@episodic/auth';
import { createEvent, type Actor, type CloudEvent } from '@episodic/messaging';
import { accessOutcome, resourceIdOf } from './access-decision.ts';

/** The source of every event the gateway publishes. */
export const GATEWAY_SOURCE = 'episodic/gateway';

/** What the gateway knows about a finished, authenticated request. */
export interface FinishedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** The POLICY rule the request matched (also set when the caller's role was refused). */
  rule: PolicyRule;
  routeParams: Record<string, string> | undefined;
  actor: Actor;
  requestId: string;
}

/**
 * The `access.recorded` event for a finished request, or undefined when the gateway must not
 * record it (a successful write: the owning service's domain event records that one).
 */
export function accessEventFor(request: FinishedRequest): CloudEvent | undefined {
  const outcome = accessOutcome(request.method, request.status);
  if (!outcome) return undefined;
  const resourceId = resourceIdOf(request.routeParams);
  return createEvent({
    source: GATEWAY_SOURCE,
    type: 'access.recorded',
    subject: request.path.replace(/^\/api\/v1\//, ''),
    data: {
      action: request.rule.action,
      resource_type: request.rule.resource,
      resource_id: resourceId,
      method: request.method,
      path: request.path,
      status: request.status,
      outcome,
    },
    actor: request.actor,
    correlationId: request.requestId,
  });
}
