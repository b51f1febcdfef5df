import type { Context } from 'koa';
import type { Router } from '@koa/router';
import type { AuthState } from '@episodic/auth';
import { IdParams, LegalHoldCreate } from '@episodic/contracts';
import { Errors } from '@episodic/core';
import { requestActor, validate, type RequestState } from '@episodic/http';
import type { ActivityRepository } from '../data/activity-repository.ts';
import type { NewHold, RetentionRepository } from '../data/retention-repository.ts';
import { ownEntry } from '../domain/own-entry.ts';

/**
 * POST/GET/DELETE /api/v1/audit/legal-holds (admin only, by the POLICY table). Placing and
 * lifting a hold are themselves recorded in the log, with who did it.
 */
export function legalHoldRoutes(router: Router<RequestState & Partial<AuthState>>, deps: { activity: ActivityRepository; retention: RetentionRepository }): void {
  const recorded = (ctx: Context, fields: Parameters<typeof ownEntry>[0]) => {
    const actor = requestActor(ctx);
    return deps.activity.recordOwn(ownEntry({ ...fields, user_id: actor.user_id, ip_address: actor.ip, user_agent: actor.user_agent, correlation_id: ctx.state.requestId }));
  };

  router.get('/api/v1/audit/legal-holds', async (ctx) => {
    ctx.body = { items: await deps.retention.listHolds() };
  });

  router.post('/api/v1/audit/legal-holds', validate({ body: LegalHoldCreate }), async (ctx) => {
    const body = ctx.state.valid.body as Omit<NewHold, 'created_by'>;
    const hold = await deps.retention.createHold({ ...body, created_by: ctx.state.principal!.sub });
    await recorded(ctx, { action_type: 'create', resource_type: 'legal_hold', resource_id: hold.id, new_values: hold, event_type: 'audit.legal_hold_placed' });
    ctx.status = 201;
    ctx.set('Location', `/api/v1/audit/legal-holds/${hold.id}`);
    ctx.body = hold;
  });

  router.delete('/api/v1/audit/legal-holds/:id', validate({ params: IdParams }), async (ctx) => {
    const { id } = ctx.state.valid.params as { id: number };
    const hold = await deps.retention.liftHold(id, ctx.state.principal!.sub);
    if (!hold) throw Errors.notFound(`Active legal hold ${id}`);
    await recorded(ctx, { action_type: 'delete', resource_type: 'legal_hold', resource_id: hold.id, new_values: hold, event_type: 'audit.legal_hold_lifted' });
    ctx.body = hold;
  });
}
