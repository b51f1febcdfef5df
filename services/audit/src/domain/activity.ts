import type { CloudEvent } from '@episodic/messaging';
import type { EventType } from '@episodic/contracts';

/** One activity row's content, before it is chained. */
export interface ActivityEntry {
  user_id: string | null;
  action_type: string;
  resource_type: string;
  resource_id: number | null;
  old_values: unknown;
  new_values: unknown;
  ip_address: string | null;
  user_agent: string | null;
  correlation_id: string;
  outcome: string;
  event_id: string;
  event_type: string;
  occurred_at: string;
}

/** Event data, already validated against its contract schema by the consumer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;
type Mapping = (data: Data) => Pick<ActivityEntry, 'action_type' | 'resource_type' | 'resource_id' | 'old_values' | 'new_values' | 'outcome'>;

const ok = { outcome: 'success' } as const;

/**
 * What each event type means in the audit log. Metadata rows use the episode id as their
 * resource id, so a report by episode shows its metadata changes too (the metadata's own id
 * is inside the values).
 */
export const ACTIVITY_MAPPINGS: Record<EventType, Mapping> = {
  'episode.created': (d) => ({ ...ok, action_type: 'create', resource_type: 'episode', resource_id: d.episode.id, old_values: null, new_values: d.episode }),
  'episode.updated': (d) => ({ ...ok, action_type: 'edit', resource_type: 'episode', resource_id: d.after.id, old_values: d.before, new_values: d.after }),
  'episode.deleted': (d) => ({ ...ok, action_type: 'delete', resource_type: 'episode', resource_id: d.episode.id, old_values: d.episode, new_values: null }),
  'metadata.stored': (d) => ({ ...ok, action_type: 'create', resource_type: 'metadata', resource_id: d.metadata.episode_id, old_values: null, new_values: d.metadata }),
  'metadata.updated': (d) => ({ ...ok, action_type: 'edit', resource_type: 'metadata', resource_id: d.after.episode_id, old_values: d.before, new_values: d.after }),
  'thumbnail.created': (d) => ({ ...ok, action_type: 'create', resource_type: 'thumbnail', resource_id: d.thumbnail.id, old_values: null, new_values: d.thumbnail }),
  'thumbnail.deleted': (d) => ({ ...ok, action_type: 'delete', resource_type: 'thumbnail', resource_id: d.thumbnail.id, old_values: d.thumbnail, new_values: null }),
  'video.uploaded': (d) => ({ ...ok, action_type: 'edit', resource_type: 'episode', resource_id: d.episode_id, old_values: null, new_values: { raw_video: d } }),
  'processing.requested': (d) => ({ ...ok, action_type: 'process', resource_type: 'processing_job', resource_id: d.job.id, old_values: null, new_values: d.job }),
  'processing.started': (d) => ({ ...ok, action_type: 'process', resource_type: 'processing_job', resource_id: d.job.id, old_values: null, new_values: d.job }),
  'processing.completed': (d) => ({ ...ok, action_type: 'process', resource_type: 'processing_job', resource_id: d.job.id, old_values: null, new_values: { job: d.job, result: d.result } }),
  'processing.failed': (d) => ({ action_type: 'process', resource_type: 'processing_job', resource_id: d.job.id, old_values: null, new_values: d.job, outcome: 'failure' }),
  'gateway.started': (d) => ({ ...ok, action_type: 'announce', resource_type: 'gateway_instance', resource_id: null, old_values: null, new_values: d }),
  // A clean stop that lost records is the audit-gap row: how many, and when.
  'gateway.stopped': (d) => ({
    action_type: d.dropped + d.unpublished > 0 ? 'audit-gap' : 'announce',
    resource_type: 'gateway_instance',
    resource_id: null,
    old_values: null,
    new_values: d,
    outcome: d.dropped + d.unpublished > 0 ? 'failure' : 'success',
  }),
  'access.recorded': (d) => ({
    action_type: d.action,
    resource_type: d.resource_type,
    resource_id: d.resource_id,
    old_values: null,
    new_values: { method: d.method, path: d.path, status: d.status },
    outcome: d.outcome,
  }),
};

/** The activity row an event becomes. */
export function activityOf(event: CloudEvent): ActivityEntry {
  const mapping = ACTIVITY_MAPPINGS[event.type as EventType];
  return {
    ...mapping(event.data as Data),
    user_id: event.actor.user_id,
    ip_address: event.actor.ip,
    user_agent: event.actor.user_agent,
    correlation_id: event.correlationid,
    event_id: event.id,
    event_type: event.type,
    occurred_at: new Date(event.time).toISOString(),
  };
}
