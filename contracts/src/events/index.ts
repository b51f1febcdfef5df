export { EVENT_TYPES, EVENT_TOPICS, isEventType } from './types.ts';
export type { EventType } from './types.ts';
export { EVENT_DATA_SCHEMAS } from './data.ts';
export type { EventDataOf } from './data.ts';
export { Actor, EventEnvelope, eventEnvelopeSchema } from './envelope.ts';
export type { EventOf } from './envelope.ts';
