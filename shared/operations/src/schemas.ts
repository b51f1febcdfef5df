/*
 * Request schemas of the admin routes (validated with @episodic/http's `validate`, so errors
 * come back as problem+json with field paths).
 */

/** `:queue` of the dead-letter routes: a queue name as SQS allows it. */
export const QueueParams = {
  $id: 'episodic:admin-queue-params',
  type: 'object',
  required: ['queue'],
  properties: { queue: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' } },
} as const;

/** GET /admin/dead-letters/:queue query. */
export const PeekQuery = {
  $id: 'episodic:admin-peek-query',
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
} as const;

/** POST /admin/dead-letters/:queue/redrive body: all messages, or those with these SQS message ids. */
export const RedriveRequest = {
  $id: 'episodic:admin-redrive-request',
  type: 'object',
  additionalProperties: false,
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'string', format: 'uuid' } },
  },
} as const;

/** POST /admin/replays body. */
export const ReplayRequestBody = {
  $id: 'episodic:admin-replay-request',
  type: 'object',
  additionalProperties: false,
  required: ['service', 'queue', 'from', 'to'],
  properties: {
    service: { type: 'string', enum: ['catalog', 'media', 'processing'], description: 'The producer whose outbox history is replayed.' },
    queue: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$', description: 'The one subscriber queue to send to.' },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time', description: 'Exclusive.' },
  },
} as const;
