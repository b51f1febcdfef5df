import { randomUUID } from 'node:crypto';
import { createEvent } from '../src/index.ts';

/** A valid access.recorded event whose resource id says which record it is. */
export const accessEvent = (id: number) => createEvent({
  source: 'episodic/gateway',
  type: 'access.recorded',
  subject: `episodes/${id}`,
  data: { action: 'view', resource_type: 'episode', resource_id: id, method: 'GET', path: `/api/v1/episodes/${id}`, status: 200, outcome: 'success' },
  actor: { user_id: 'viewer-1', roles: ['viewer'], ip: null, user_agent: null },
  correlationId: randomUUID(),
});
