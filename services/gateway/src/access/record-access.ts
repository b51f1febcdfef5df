import type { Context, Next } from 'koa';
import type { AuthState } from '@episodic/auth';
import { assertValidEvent, type CloudEvent } from '@episodic/messaging';
import { requestActor, type RequestState } from '@episodic/http';
import { accessEventFor } from './access-event.ts';

/** Where finished requests' access events go (the AccessBuffer). */
export interface AccessSink {
  add(event: CloudEvent): void;
}

type GatewayState = RequestState & Partial<AuthState>;

/**
 * Records access to the audit trail once the response is out: the event is built and queued
 * when the response closes, so neither its building nor SNS can slow or fail the answer.
 * Requests without a verified caller (401) or without a POLICY rule (404, 405) are not
 * recorded: there is no one, or nothing, to attribute them to.
 */
export function recordAccess(sink: AccessSink) {
  return async (ctx: Context & { state: GatewayState }, next: Next): Promise<void> => {
    ctx.res.once('close', () => record(ctx, sink));
    await next();
  };
}

function record(ctx: Context & { state: GatewayState }, sink: AccessSink): void {
  const { principal, rule, routeParams, requestId, log } = ctx.state;
  if (!principal || !rule) return;
  try {
    const event = accessEventFor({
      method: ctx.method,
      path: ctx.path,
      status: ctx.res.statusCode,
      rule,
      routeParams,
      actor: requestActor(ctx),
      requestId,
    });
    if (!event) return;
    assertValidEvent(event);
    sink.add(event);
  } catch (error) {
    log.error({ err: error }, 'could not record access');
  }
}
