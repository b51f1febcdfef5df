import { randomUUID } from 'node:crypto';
import type { ActivityEntry } from './activity.ts';

/** What the audit service itself did, as an activity row of its own (holds, retention passes). */
export function ownEntry(fields: Pick<ActivityEntry, 'action_type' | 'resource_type' | 'resource_id' | 'new_values' | 'event_type'> & Partial<Pick<ActivityEntry, 'user_id' | 'old_values' | 'outcome' | 'correlation_id' | 'ip_address' | 'user_agent'>>): ActivityEntry {
  const id = randomUUID();
  return {
    user_id: null,
    old_values: null,
    outcome: 'success',
    ip_address: null,
    user_agent: null,
    correlation_id: id,
    ...fields,
    event_id: `audit:${id}`,
    occurred_at: new Date().toISOString(),
  };
}
