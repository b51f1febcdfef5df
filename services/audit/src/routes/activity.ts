import type { Router } from '@koa/router';
import { ActivityQuery } from '@episodic/contracts';
import { decodeCursor, encodeCursor, validate, type RequestState } from '@episodic/http';
import type { ActivityFilter, ActivityRepository, ActivityRow } from '../data/activity-repository.ts';
import { csvStream } from './csv.ts';
import { checkRange } from './range.ts';

/** The validated query: the repository's filter, plus the page cursor and the format. */
type Query = Omit<ActivityFilter, 'before'> & { cursor?: string; format: 'json' | 'csv' };

const CSV_COLUMNS: (keyof ActivityRow & string)[] = ['id', 'occurred_at', 'user_id', 'action_type', 'resource_type', 'resource_id', 'outcome', 'ip_address', 'user_agent', 'correlation_id', 'event_type', 'event_id', 'old_values', 'new_values', 'recorded_at', 'prev_hash', 'hash', 'hash_version'];

const isPosition = (value: Record<string, unknown>) => typeof value['occurred_at'] === 'string' && Number.isInteger(value['id']);

/**
 * GET /api/v1/audit/activity: JSON pages newest first, or with `format=csv` every matching row
 * oldest first as one streamed CSV document (constant memory, no page cap).
 */
export function activityRoutes(router: Router<RequestState>, activity: ActivityRepository): void {
  router.get('/api/v1/audit/activity', validate({ query: ActivityQuery }), async (ctx) => {
    const { cursor, format, limit, ...filter } = ctx.state.valid.query as unknown as Query;
    checkRange(filter);
    if (format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', 'attachment; filename="activity.csv"');
      ctx.body = csvStream(CSV_COLUMNS, activity.stream(filter));
      return;
    }
    const before = cursor ? decodeCursor<{ occurred_at: string; id: number }>(cursor, isPosition) : undefined;
    const items = await activity.list({ ...filter, limit, before });
    const last = items.at(-1);
    const nextCursor = items.length === limit && last ? encodeCursor({ occurred_at: last.occurred_at, id: last.id }) : null;
    ctx.body = { items, limit, next_cursor: nextCursor };
  });
}
