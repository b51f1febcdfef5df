import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';
import { Episode } from '../rest/episodes.ts';
import { Metadata } from '../rest/metadata.ts';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../rest/audit.ts';

const episode = embed(Episode);
const metadata = embed(Metadata);

/** Data schemas of every event type (version 1). The event contracts are a public API. */
export const EVENT_DATA_SCHEMAS = {
  'episode.created': { type: 'object', required: ['episode'], properties: { episode } },
  'episode.updated': {
    type: 'object',
    required: ['before', 'after', 'changed'],
    properties: { before: episode, after: episode, changed: { type: 'array', items: { type: 'string' } } },
  },
  'episode.deleted': { type: 'object', required: ['episode'], properties: { episode } },
  'metadata.stored': { type: 'object', required: ['metadata'], properties: { metadata } },
  'metadata.updated': { type: 'object', required: ['before', 'after'], properties: { before: metadata, after: metadata } },
  'access.recorded': {
    type: 'object',
    required: ['action', 'resource_type', 'resource_id', 'method', 'path', 'status', 'outcome'],
    additionalProperties: false,
    properties: {
      action: { type: 'string', enum: AUDIT_ACTIONS },
      resource_type: { type: 'string', maxLength: 100 },
      resource_id: { type: ['integer', 'null'] },
      method: { type: 'string', maxLength: 10 },
      path: { type: 'string', maxLength: 2048 },
      status: { type: 'integer', minimum: 100, maximum: 599 },
      outcome: { type: 'string', enum: AUDIT_OUTCOMES },
    },
  },
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as readonly EventType[];
export type EventDataOf<T extends EventType> = FromSchema<(typeof EVENT_DATA_SCHEMAS)[T]>;

/** The SNS topic each event type is published on. */
export const EVENT_TOPICS: Record<EventType, string> = {
  'episode.created': 'catalog-events',
  'episode.updated': 'catalog-events',
  'episode.deleted': 'catalog-events',
  'metadata.stored': 'catalog-events',
  'metadata.updated': 'catalog-events',
  'access.recorded': 'gateway-events',
};

const actor = {
  type: 'object',
  required: ['user_id', 'roles', 'ip', 'user_agent'],
  properties: {
    user_id: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string' } },
    ip: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
  },
} as const;

/** The CloudEvents 1.0 envelope (plus `actor` and `correlationid`) whose `data` is `type`'s schema. */
export function eventEnvelopeSchema(type: EventType) {
  return {
    $id: `episodic:event:${type}:v1`,
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data', 'actor', 'correlationid'],
    properties: {
      specversion: { const: '1.0' },
      id: { type: 'string', minLength: 1, maxLength: 255 },
      source: { type: 'string', minLength: 1 },
      type: { const: type },
      time: { type: 'string', format: 'date-time' },
      subject: { type: 'string' },
      datacontenttype: { const: 'application/json' },
      dataschema: { type: 'string' },
      data: EVENT_DATA_SCHEMAS[type],
      actor,
      correlationid: { type: 'string', minLength: 1, maxLength: 128 },
    },
  } as const;
}
