import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';
import { EVENT_DATA_SCHEMAS } from './data.ts';
import { EVENT_TYPES, type EventType } from './types.ts';

/** The `actor` extension: who caused the event, so audit can attribute it. */
export const Actor = {
  $id: 'episodic:actor',
  title: 'Actor',
  type: 'object',
  additionalProperties: false,
  required: ['user_id', 'roles', 'ip', 'user_agent'],
  properties: {
    user_id: { type: ['string', 'null'], description: 'Cognito subject; null for the system itself.' },
    roles: { type: 'array', items: { type: 'string' } },
    ip: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
  },
} as const;
export type Actor = FromSchema<typeof Actor>;

const actor = embed(Actor);

/** The CloudEvents 1.0 attributes every event carries, with Episodic's two extensions. */
const attributes = {
  specversion: { const: '1.0' },
  id: { type: 'string', format: 'uuid', description: 'Unique per event; consumers dedupe on it.' },
  source: { type: 'string', minLength: 1, format: 'uri-reference', description: 'Producing service, e.g. episodic/catalog.' },
  time: { type: 'string', format: 'date-time' },
  subject: { type: 'string', minLength: 1, description: 'The resource, e.g. episodes/42.' },
  datacontenttype: { const: 'application/json' },
  dataschema: { type: 'string', format: 'uri', description: "The data schema's $id, e.g. episodic:event:episode.created:v1." },
  actor,
  correlationid: { type: 'string', minLength: 1, maxLength: 128, description: 'x-request-id of the request that caused it.' },
} as const;

const REQUIRED = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data', 'actor', 'correlationid'] as const;

/** Any Episodic event: the envelope checked, `data` only as an object (see eventEnvelopeSchema). */
export const EventEnvelope = {
  $id: 'episodic:event-envelope',
  title: 'EventEnvelope',
  type: 'object',
  required: REQUIRED,
  properties: {
    ...attributes,
    type: { type: 'string', enum: EVENT_TYPES },
    data: { type: 'object' },
  },
} as const;
export type EventEnvelope = FromSchema<typeof EventEnvelope>;

/**
 * The whole message of one event type, `data` included: what producers check before they
 * commit an event and consumers check on receipt.
 *
 *   ajv.compile(eventEnvelopeSchema('episode.updated'))
 */
export function eventEnvelopeSchema<T extends EventType>(type: T) {
  return {
    $id: `episodic:envelope:${type}:v1`,
    title: `${type} event`,
    type: 'object',
    required: REQUIRED,
    properties: {
      ...attributes,
      type: { const: type },
      data: embed(EVENT_DATA_SCHEMAS[type]) as Omit<(typeof EVENT_DATA_SCHEMAS)[T], '$id'>,
    },
  } as const;
}

/** A whole event of type T, e.g. `EventOf<'episode.deleted'>['data']['episode']`. */
export type EventOf<T extends EventType> = FromSchema<ReturnType<typeof eventEnvelopeSchema<T>>>;
