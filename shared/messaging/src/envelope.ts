import { randomUUID } from 'node:crypto';
import { EVENT_DATA_SCHEMAS, isEventType } from '@episodic/contracts';

/** Who caused an event: carried on every event so audit can attribute it. */
export interface Actor {
  user_id: string | null;
  roles: string[];
  ip: string | null;
  user_agent: string | null;
}

/** A CloudEvents 1.0 JSON envelope with Episodic's `actor` and `correlationid` extensions. */
export interface CloudEvent<Data = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  /** The `$id` of the data schema, naming its version, e.g. `episodic:event:episode.created:v1`. */
  dataschema?: string;
  data: Data;
  actor: Actor;
  correlationid: string;
}

/** The system itself as an actor (e.g. a consumer reacting to another event). */
export const SYSTEM_ACTOR: Actor = { user_id: null, roles: ['system'], ip: null, user_agent: null };

/**
 * Builds an event envelope.
 *
 *   createEvent({ source: 'episodic/catalog', type: 'episode.created', subject: 'episodes/42',
 *                 data: { episode }, actor, correlationId: ctx.state.requestId });
 */
export function createEvent<Data>(input: {
  source: string;
  type: string;
  subject: string;
  data: Data;
  actor: Actor;
  correlationId: string;
}): CloudEvent<Data> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: input.source,
    type: input.type,
    time: new Date().toISOString(),
    subject: input.subject,
    datacontenttype: 'application/json',
    ...(isEventType(input.type) ? { dataschema: EVENT_DATA_SCHEMAS[input.type].$id } : {}),
    data: input.data,
    actor: input.actor,
    correlationid: input.correlationId,
  };
}
