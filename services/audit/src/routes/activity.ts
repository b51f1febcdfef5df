import type { Context } from 'koa';
import type { Router } from '@koa/router';
import { ActivityQuery } from '@episodic/contracts';
import { decodeCursor, encodeCursor, validate, type RequestState } from '@episodic/http';
import type { ActivityFilter, ActivityRepository, ActivityRow } from '../data/activity-repository.ts';
import { toCsv } from './csv.ts';

/** The validated query: the repository's filter, plus the page cursor and the format. */
type Query = Omit<ActivityFilter, 'before'> & { cursor?: string; format: 'json' | 'csv' };

const isPosition = (value: Record<string, unknown>) => typeof value['occurred_at'] === 'string' && Number.isInteger(value['id']);

/** GET /api/v1/audit/activity (JSON or CSV, newest first) and GET /api/v1/audit/verify. */
export function activityRoutes(router: Router<RequestState>, activity: ActivityRepository): void {
  router.get('/api/v1/audit/activity', validate({ query: ActivityQuery }), async (ctx) => {
    const { cursor, format, ...filter } = ctx.state.valid.query as unknown as Query;
    const before = cursor ? decodeCursor<{ occurred_at: string; id: number }>(cursor, isPosition) : undefined;
    const items = await activity.list({ ...filter, before });
    const last = items.at(-1);
    const nextCursor = items.length === filter.limit && last ? encodeCursor({ occurred_at: last.occurred_at, id: last.id }) : null;
    if (format === 'csv') return sendCsv(ctx, items, nextCursor);
    ctx.body = { items, limit: filter.limit, next_cursor: nextCursor };
  });

  router.get('/api/v1/audit/verify', async (ctx) => {
    ctx.body = await activity.verify();
  });
}

function sendCsv(ctx: Context, items: ActivityRow[], nextCursor: string | null): void {
  if (nextCursor) {
    const next = new URL(ctx.href);
    next.searchParams.set('cursor', nextCursor);
    ctx.set('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  ctx.type = 'text/csv; charset=utf-8';
  ctx.set('Content-Disposition', 'attachment; filename="activity.csv"');
  ctx.body = toCsv(items);
}
