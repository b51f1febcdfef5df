/*
 * @episodic/operations: what operators do with the event flow. Dead-letter queues (list, peek,
 * redrive), replays from a producer's outbox history to one subscriber queue, and the admin
 * routes that expose both.
 */
export { QueueDirectory } from './queues.ts';
export type { QueuePair } from './queues.ts';
export { DeadLetters } from './dead-letters.ts';
export type { DeadLetter, DeadLetterQueue, RedriveResult } from './dead-letters.ts';
export { OutboxReplay } from './replay.ts';
export type { ReplayOptions, ReplayRequest, ReplayResult } from './replay.ts';
export { deadLetterRoutes, replayRoutes } from './admin-routes.ts';
export { ReplayRequestBody } from './schemas.ts';
export { outboxHistory, OUTBOX_HISTORY_SETTINGS } from './outbox-history.ts';
export type { OutboxHistory, OutboxHistoryOptions } from './outbox-history.ts';
