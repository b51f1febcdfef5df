import { embed } from '../embed.ts';

/** REST schemas of the audit log (`activity_logs`). */
export const AUDIT_ACTIONS = ['view', 'create', 'edit', 'delete', 'download', 'process'] as const;
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;

export const ActivityLog = {
  $id: 'episodic:activity-log',
  type: 'object',
  required: ['id', 'action_type', 'resource_type', 'occurred_at', 'hash'],
  properties: {
    id: { type: 'integer' },
    user_id: { type: ['string', 'null'] },
    action_type: { type: 'string', enum: AUDIT_ACTIONS },
    resource_type: { type: 'string' },
    resource_id: { type: ['integer', 'null'] },
    old_values: {},
    new_values: {},
    ip_address: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    correlation_id: { type: ['string', 'null'] },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
    event_id: { type: 'string' },
    event_type: { type: 'string' },
    occurred_at: { type: 'string', format: 'date-time' },
    recorded_at: { type: 'string', format: 'date-time' },
    hash: { type: 'string' },
    prev_hash: { type: ['string', 'null'] },
  },
} as const;

export const ActivityQuery = {
  $id: 'episodic:activity-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    user_id: { type: 'string', maxLength: 255 },
    resource_type: { type: 'string', maxLength: 100 },
    resource_id: { type: 'integer', minimum: 1 },
    action_type: { type: 'string', enum: AUDIT_ACTIONS },
    correlation_id: { type: 'string', maxLength: 128 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    cursor: { type: 'string', maxLength: 1024 },
    format: { type: 'string', enum: ['json', 'csv'], default: 'json' },
  },
} as const;

export const ActivityList = {
  $id: 'episodic:activity-list',
  type: 'object',
  required: ['items', 'limit', 'next_cursor'],
  properties: { items: { type: 'array', items: embed(ActivityLog) }, limit: { type: 'integer' }, next_cursor: { type: ['string', 'null'] } },
} as const;

export const ChainVerification = {
  $id: 'episodic:chain-verification',
  type: 'object',
  required: ['valid', 'rows'],
  properties: { valid: { type: 'boolean' }, rows: { type: 'integer' }, first_broken_id: { type: ['integer', 'null'] } },
} as const;
