import type { Router } from '@koa/router';
import type { RequestState } from '@episodic/http';
import { verifyLog } from '../domain/verify-log.ts';

/** GET /api/v1/audit/verify: the whole chain, streamed, against the archive's anchors. */
export function verifyRoutes(router: Router<RequestState>, deps: Parameters<typeof verifyLog>[0]): void {
  router.get('/api/v1/audit/verify', async (ctx) => {
    ctx.body = await verifyLog(deps);
  });
}
