import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';

/* REST schemas of the audit log: the seed's `activity_logs` plus correlation, outcome and hash chain. */

/** What a request or event did to a resource. */
export const AUDIT_ACTIONS = ['view', 'create', 'edit', 'delete', 'download', 'process'] as const;

/** What a row records: an action on a resource, or a gateway instance announcing itself (`announce`) or its lost records (`audit-gap`). */
export const ACTIVITY_ACTIONS = [...AUDIT_ACTIONS, 'announce', 'audit-gap'] as const;

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
    'correlation_id', 'outcome', 'event_id', 'event_type', 'occurred_at', 'recorded_at', 'hash', 'prev_hash', 'hash_version',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    user_id: { type: ['string', 'null'], description: 'Cognito subject; null for anonymous or system work.' },
    action_type: { type: 'string', enum: ACTIVITY_ACTIONS },
    resource_type: { type: 'string', description: 'episode, metadata, thumbnail, legal_hold, gateway_instance, …' },
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
    hash: { type: 'string', description: "SHA-256 over this row and the previous row's hash (docs/AUDIT.md)." },
    hash_version: { type: 'integer', minimum: 1, description: '1: sorted-key JSON (rows written before RFC 8785); 2: RFC 8785 canonical JSON.' },
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
    action_type: { type: 'string', enum: ACTIVITY_ACTIONS },
    correlation_id: { type: 'string', maxLength: 128 },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
    from: { type: 'string', format: 'date-time', description: 'Occurred at or after.' },
    to: { type: 'string', format: 'date-time', description: 'Occurred before.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    cursor: { type: 'string', maxLength: 1024, description: 'The `next_cursor` of the previous page.' },
    format: { type: 'string', enum: ['json', 'csv'], default: 'json', description: 'csv streams every matching row (oldest first, no page cap; limit and cursor are ignored) as text/csv; cells that begin with = + - @ tab or CR are prefixed with an apostrophe.' },
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
  required: ['valid', 'rows', 'first_broken_id', 'reason', 'last_id', 'last_hash', 'anchors_checked', 'segments_removed', 'possible_gaps'],
  properties: {
    valid: { type: 'boolean' },
    rows: { type: 'integer', minimum: 0 },
    first_broken_id: { type: ['integer', 'null'] },
    reason: { type: ['string', 'null'], description: 'Why the chain breaks at first_broken_id.' },
    last_id: { type: ['integer', 'null'] },
    last_hash: { type: ['string', 'null'] },
    anchors_checked: { type: 'integer', minimum: 0, description: 'Checkpoints in the archive bucket that matched the database.' },
    segments_removed: { type: 'integer', minimum: 0, description: 'Segments archived and removed by retention; the chain is proved across them.' },
    possible_gaps: {
      type: 'array',
      description: 'Gateway instances that announced a start but never a clean stop (best-effort mode: their unsent records may be lost).',
      items: { type: 'object', required: ['instance', 'started_at'], properties: { instance: { type: 'string' }, started_at: { type: 'string', format: 'date-time' } } },
    },
  },
} as const;
export type ChainVerification = FromSchema<typeof ChainVerification>;

/** The columns a summary can count by. */
export const SUMMARY_GROUPS = ['user', 'action', 'resource_type', 'outcome'] as const;

/** GET /audit/reports/summary query. */
export const SummaryQuery = {
  $id: 'episodic:audit-summary-query',
  title: 'AuditSummaryQuery',
  type: 'object',
  additionalProperties: false,
  required: ['group_by'],
  properties: {
    from: { type: 'string', format: 'date-time', description: 'Occurred at or after.' },
    to: { type: 'string', format: 'date-time', description: 'Occurred before; not before `from`.' },
    group_by: { type: 'string', enum: SUMMARY_GROUPS },
    format: { type: 'string', enum: ['json', 'csv'], default: 'json' },
  },
} as const;
export type SummaryQuery = FromSchema<typeof SummaryQuery>;

/** Counts of activity per group over a time range, largest first. */
export const AuditSummary = {
  $id: 'episodic:audit-summary',
  title: 'AuditSummary',
  type: 'object',
  additionalProperties: false,
  required: ['group_by', 'from', 'to', 'total', 'groups'],
  properties: {
    group_by: { type: 'string', enum: SUMMARY_GROUPS },
    from: { type: ['string', 'null'], format: 'date-time' },
    to: { type: ['string', 'null'], format: 'date-time' },
    total: { type: 'integer', minimum: 0 },
    groups: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['key', 'count'], properties: { key: { type: ['string', 'null'] }, count: { type: 'integer', minimum: 0 } } },
    },
  },
} as const;
export type AuditSummary = FromSchema<typeof AuditSummary>;

/** POST /audit/legal-holds: a hold on a user's rows, or on a resource's rows, with a reason. */
export const LegalHoldCreate = {
  $id: 'episodic:legal-hold-create',
  title: 'LegalHoldCreate',
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    user_id: { type: 'string', minLength: 1, maxLength: 255 },
    resource_type: { type: 'string', minLength: 1, maxLength: 100 },
    resource_id: { type: 'integer', minimum: 1 },
    reason: { type: 'string', minLength: 3, maxLength: 2000 },
  },
  description: 'Either user_id, or resource_type with resource_id; not both.',
  oneOf: [
    { required: ['user_id'], properties: { user_id: { type: 'string' }, resource_type: false, resource_id: false } },
    { required: ['resource_type', 'resource_id'], properties: { resource_type: { type: 'string' }, resource_id: { type: 'integer' }, user_id: false } },
  ],
} as const;
export type LegalHoldCreate = FromSchema<typeof LegalHoldCreate>;

/** A legal hold: rows matching it stay in the database whatever the retention period. */
export const LegalHold = {
  $id: 'episodic:legal-hold',
  title: 'LegalHold',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'user_id', 'resource_type', 'resource_id', 'reason', 'created_by', 'created_at', 'lifted_at', 'lifted_by'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    user_id: { type: ['string', 'null'] },
    resource_type: { type: ['string', 'null'] },
    resource_id: { type: ['integer', 'null'] },
    reason: { type: 'string' },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    lifted_at: { type: ['string', 'null'], format: 'date-time' },
    lifted_by: { type: ['string', 'null'] },
  },
} as const;
export type LegalHold = FromSchema<typeof LegalHold>;

/** GET /audit/legal-holds answer: active holds first, then lifted ones. */
export const LegalHoldList = {
  $id: 'episodic:legal-hold-list',
  title: 'LegalHoldList',
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: embed(LegalHold) } },
} as const;
export type LegalHoldList = FromSchema<typeof LegalHoldList>;
