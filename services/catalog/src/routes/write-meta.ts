import type { Context } from 'koa';
import { requestActor, type RequestState } from '@episodic/http';
import type { WriteMeta } from '../domain/events.ts';

/** Who is writing and under which request id: what the domain puts on the write's events. */
export function writeMeta(ctx: Context & { state: RequestState }): WriteMeta {
  return { actor: requestActor(ctx), correlationId: ctx.state.requestId };
}
