import type { Router } from '@koa/router';
import { SummaryQuery } from '@episodic/contracts';
import { validate, type RequestState } from '@episodic/http';
import type { ActivityRepository, SummaryGroup } from '../data/activity-repository.ts';
import { csvLine } from './csv.ts';
import { checkRange } from './range.ts';

interface Query {
  from?: string;
  to?: string;
  group_by: SummaryGroup;
  format: 'json' | 'csv';
}

/** GET /api/v1/audit/reports/summary: counts per user, action, resource type or outcome, JSON or CSV. */
export function reportRoutes(router: Router<RequestState>, activity: ActivityRepository): void {
  router.get('/api/v1/audit/reports/summary', validate({ query: SummaryQuery }), async (ctx) => {
    const { from, to, group_by: groupBy, format } = ctx.state.valid.query as unknown as Query;
    checkRange({ from, to });
    const groups = await activity.summary(groupBy, { from, to });
    if (format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="activity-by-${groupBy}.csv"`);
      ctx.body = csvLine([groupBy, 'count']) + groups.map((group) => csvLine([group.key, group.count])).join('');
      return;
    }
    ctx.body = { group_by: groupBy, from: from ?? null, to: to ?? null, total: groups.reduce((sum, group) => sum + group.count, 0), groups };
  });
}
