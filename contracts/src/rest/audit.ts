import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';

/* REST schemas of the audit log: the seed's `activity_logs` plus correlation, outcome and hash chain. */

/** What a request or event did to a resource. */
export const AUDIT_ACTIONS = ['view', 'create', 'edit', 'delete', 'download', 'process'] as const;

/** How it ended: done, refused by policy, or failed. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;

/** One activity row: who did what to which resource, when, from where, and how it ended. */
export const ActivityLog = {
  $id: 'episodic:activity-log',
  title: 'ActivityLog',
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'user_id', 'action_type', 'resource_type', 'resource_id', 'old_values', 'new_values', 'ip_address', 'user_agent',
    'correlation_id', 'outcome', 'event_id', 'event_type', 'occurred_at', 'recorded_at', 'hash', 'prev_hash',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    user_id: { type: ['string', 'null'], description: 'Cognito subject; null for anonymous or system work.' },
    action_type: { type: 'string', enum: AUDIT_ACTIONS },
    resource_type: { type: 'string', description: 'episode, metadata, thumbnail, …' },
    resource_id: { type: ['integer', 'null'] },
    old_values: { description: 'State before a write (JSON), else null.' },
    new_values: { description: 'State after a write, or the request line of a read (JSON), else null.' },
    ip_address: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    correlation_id: { type: 'string', description: 'x-request-id of the request that caused it.' },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
    event_id: { type: 'string', description: 'Id of the event it was recorded from.' },
    event_type: { type: 'string' },
    occurred_at: { type: 'string', format: 'date-time' },
    recorded_at: { type: 'string', format: 'date-time' },
    hash: { type: 'string', description: "SHA-256 over this row and the previous row's hash." },
    prev_hash: { type: ['string', 'null'], description: 'Null on the first row only.' },
  },
} as const;
export type ActivityLog = FromSchema<typeof ActivityLog>;

/** GET /audit/activity query (strings: compile with `coerceTypes` and `useDefaults`). */
export const ActivityQuery = {
  $id: 'episodic:activity-query',
  title: 'ActivityQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    user_id: { type: 'string', maxLength: 255 },
    resource_type: { type: 'string', maxLength: 100 },
    resource_id: { type: 'integer', minimum: 1 },
    action_type: { type: 'string', enum: AUDIT_ACTIONS },
    correlation_id: { type: 'string', maxLength: 128 },
    from: { type: 'string', format: 'date-time', description: 'Occurred at or after.' },
    to: { type: 'string', format: 'date-time', description: 'Occurred before.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    cursor: { type: 'string', maxLength: 1024, description: 'The `next_cursor` of the previous page.' },
    format: { type: 'string', enum: ['json', 'csv'], default: 'json', description: 'csv answers text/csv with a Link rel="next" header.' },
  },
} as const;
export type ActivityQuery = FromSchema<typeof ActivityQuery>;

/** A page of activity, newest first. */
export const ActivityList = {
  $id: 'episodic:activity-list',
  title: 'ActivityList',
  type: 'object',
  additionalProperties: false,
  required: ['items', 'limit', 'next_cursor'],
  properties: {
    items: { type: 'array', items: embed(ActivityLog) },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    next_cursor: { type: ['string', 'null'] },
  },
} as const;
export type ActivityList = FromSchema<typeof ActivityList>;

/** GET /audit/verify answer: whether the hash chain holds, and the first row where it breaks. */
export const ChainVerification = {
  $id: 'episodic:chain-verification',
  title: 'ChainVerification',
  type: 'object',
  additionalProperties: false,
  required: ['valid', 'rows', 'first_broken_id'],
  properties: {
    valid: { type: 'boolean' },
    rows: { type: 'integer', minimum: 0 },
    first_broken_id: { type: ['integer', 'null'] },
  },
} as const;
export type ChainVerification = FromSchema<typeof ChainVerification>;
