/*
 * Admin operations on the event flow: dead-letter queues and replays (docs/EVENTS.md).
 * Admin only; the gateway answers the dead-letter routes itself and forwards replays to the
 * producer named in the body.
 */

const queueName = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' } as const;
const time = { type: 'string', format: 'date-time' } as const;

/** `:queue` of the dead-letter routes: a DLQ name as the listing shows it, e.g. `audit-events-dlq`. */
export const QueueParams = {
  $id: 'episodic:admin-queue-params',
  title: 'QueueParams',
  type: 'object',
  required: ['queue'],
  properties: { queue: queueName },
} as const;

/** GET /admin/dead-letters/{queue} query. */
export const PeekQuery = {
  $id: 'episodic:admin-peek-query',
  title: 'PeekQuery',
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Messages to show at most.' } },
} as const;

/** One DLQ of the topology. */
const DeadLetterQueue = {
  type: 'object',
  additionalProperties: false,
  required: ['queue', 'source_queue', 'depth', 'in_flight', 'oldest_age_seconds'],
  properties: {
    queue: { type: 'string' },
    source_queue: { type: 'string', description: 'Where a redrive sends its messages.' },
    depth: { type: 'integer', minimum: 0, description: 'Messages waiting (approximate, as SQS counts).' },
    in_flight: { type: 'integer', minimum: 0, description: 'Messages held by a peek or redrive in progress.' },
    oldest_age_seconds: { type: ['integer', 'null'], minimum: 0, description: 'Age of the oldest of up to 10 sampled messages; null when empty.' },
  },
} as const;

/** GET /admin/dead-letters answer. */
export const DeadLetterQueueList = {
  $id: 'episodic:admin-dead-letter-queues',
  title: 'DeadLetterQueueList',
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: DeadLetterQueue } },
} as const;

/** GET /admin/dead-letters/{queue} answer: messages seen, none consumed. */
export const DeadLetterPeek = {
  $id: 'episodic:admin-dead-letter-peek',
  title: 'DeadLetterPeek',
  type: 'object',
  additionalProperties: false,
  required: ['queue', 'items'],
  properties: {
    queue: { type: 'string' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['message_id', 'event_id', 'type', 'reason', 'receive_count', 'sent_at'],
        properties: {
          message_id: { type: 'string', description: 'SQS message id: what a redrive by id names.' },
          event_id: { type: ['string', 'null'], description: 'The event id, when the body is an event.' },
          type: { type: ['string', 'null'] },
          reason: { type: ['string', 'null'], description: "Why the consumer gave up (its poison_reason); null after maxReceiveCount failures." },
          receive_count: { type: 'integer', minimum: 1, description: 'Receives so far, this peek included.' },
          sent_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
} as const;

/** POST /admin/dead-letters/{queue}/redrive body: all messages (`{}` or no body), or those ids. */
export const RedriveRequest = {
  $id: 'episodic:admin-redrive-request',
  title: 'RedriveRequest',
  type: 'object',
  additionalProperties: false,
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'string', format: 'uuid' }, description: 'SQS message ids (from a peek).' },
  },
} as const;

/** POST /admin/dead-letters/{queue}/redrive answer. */
export const RedriveResult = {
  $id: 'episodic:admin-redrive-result',
  title: 'RedriveResult',
  type: 'object',
  additionalProperties: false,
  required: ['queue', 'method', 'moved', 'not_found'],
  properties: {
    queue: { type: 'string' },
    method: { type: 'string', enum: ['message-move-task', 'receive-send-delete'], description: "SQS's own move task (AWS, everything), or receive/send/delete." },
    moved: { type: 'integer', minimum: 0 },
    not_found: { type: 'array', items: { type: 'string' }, description: 'Requested ids that were not in the DLQ.' },
    task_handle: { type: 'string' },
  },
} as const;

/** POST /admin/replays body. */
export const ReplayRequest = {
  $id: 'episodic:admin-replay-request',
  title: 'ReplayRequest',
  type: 'object',
  additionalProperties: false,
  required: ['service', 'queue', 'from', 'to'],
  properties: {
    service: { type: 'string', enum: ['catalog', 'media', 'processing'], description: 'The producer whose outbox history is replayed.' },
    queue: { ...queueName, description: 'The one subscriber queue to send to.' },
    from: time,
    to: { ...time, description: 'Exclusive; not in the future.' },
  },
} as const;

/** POST /admin/replays answer. */
export const ReplayResult = {
  $id: 'episodic:admin-replay-result',
  title: 'ReplayResult',
  type: 'object',
  additionalProperties: false,
  required: ['service', 'queue', 'from', 'to', 'replayed', 'skipped'],
  properties: {
    service: { type: 'string' },
    queue: { type: 'string' },
    from: time,
    to: time,
    replayed: { type: 'integer', minimum: 0, description: 'Events sent to the queue.' },
    skipped: { type: 'integer', minimum: 0, description: "Events of the range the queue's subscription filters out." },
  },
} as const;
