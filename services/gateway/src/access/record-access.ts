import type { Context, Next } from 'koa';
import { matchRoute, type AuthState, type PolicyRule } from '@episodic/auth';
import { AppError, Errors } from '@episodic/core';
import { assertValidEvent, type CloudEvent } from '@episodic/messaging';
import { requestActor, type RequestState } from '@episodic/http';
import { accessEventFor } from './access-event.ts';

/**
 * Where finished requests' access records go. `record` resolves once the record is safe by the
 * mode's standard: accepted by SNS (acknowledged) or queued in memory (best-effort); it rejects
 * when that could not happen in time.
 */
export interface AccessSink {
  record(event: CloudEvent): Promise<void>;
}

type GatewayState = RequestState & Partial<AuthState>;

const READS = new Set(['GET', 'HEAD']);

/**
 * Records every authenticated action before its answer leaves: reads, writes (also those that
 * change nothing), and refusals (403, 404 on a resource, 409, 422, and a 401 whose token was
 * genuinely signed but is no longer valid: its subject is known). A read whose record cannot be
 * made safe answers 503 with nothing of the resource; a write (its effect is done, and its domain
 * event waits in the owning service's outbox) answers as it would, its record left to the retry
 * queue. Requests without a known caller or without a POLICY rule are not recorded: there is no
 * one, or nothing, to attribute them to.
 */
export function recordAccess(sink: AccessSink) {
  return async (ctx: Context & { state: GatewayState }, next: Next): Promise<void> => {
    let failure: unknown;
    try {
      await next();
    } catch (error) {
      failure = error;
    }
    const event = accessEvent(ctx, failure);
    if (event) {
      try {
        await sink.record(event);
      } catch (error) {
        if (READS.has(ctx.method)) refuseUnrecordedRead(ctx, error);
        ctx.state.log?.warn({ err: error, eventId: event.id }, 'access record of a write not yet accepted; left to the retry queue');
      }
    }
    if (failure) throw failure;
  };
}

function refuseUnrecordedRead(ctx: Context, error: unknown): never {
  const body = ctx.body as { destroy?: () => void } | null;
  body?.destroy?.();
  ctx.body = null;
  throw error instanceof AppError && error.status === 503 ? error : Errors.unavailable('The audit trail', error);
}

function accessEvent(ctx: Context & { state: GatewayState }, failure: unknown): CloudEvent | undefined {
  const status = failure ? (failure instanceof AppError ? failure.status : 500) : ctx.status;
  const caller = callerOf(ctx, failure);
  if (!caller) return undefined;
  try {
    const event = accessEventFor({ method: ctx.method, path: ctx.path, status, rule: caller.rule, routeParams: caller.params, actor: caller.actor, requestId: ctx.state.requestId });
    if (event) assertValidEvent(event);
    return event;
  } catch (error) {
    ctx.state.log.error({ err: error }, 'could not build the access record');
    return undefined;
  }
}

/** Who called, and under which rule: the verified principal, or the subject of a signed but expired token. */
function callerOf(ctx: Context & { state: GatewayState }, failure: unknown) {
  const { principal, rule, routeParams } = ctx.state;
  if (principal && rule) return { rule, params: routeParams, actor: requestActor(ctx) };
  const subject = principal ? undefined : signedSubjectOf(failure);
  if (!subject) return undefined;
  const match = matchRoute(ctx.method, ctx.path);
  if ('status' in match) return undefined;
  return { rule: match.rule as PolicyRule, params: match.params, actor: { ...requestActor(ctx), user_id: subject } };
}

/** jose checks a token's signature before its claims: a claim failure (expired, wrong audience) still names a genuine subject. */
function signedSubjectOf(failure: unknown): string | undefined {
  if (!(failure instanceof AppError) || failure.status !== 401) return undefined;
  const payload = (failure.cause as { payload?: { sub?: unknown } } | undefined)?.payload;
  return typeof payload?.sub === 'string' ? payload.sub : undefined;
}
