import { createEvent, type Actor, type CloudEvent } from './envelope.ts';
import { assertValidEvent } from './validation.ts';

/** Who asked for a change and which request (or event) it belongs to: every event of the change carries both. */
export interface WriteMeta {
  actor: Actor;
  /** The request id (x-request-id), or the correlation id of the event that caused the change. */
  correlationId: string;
}

/** Where a service's events go: its transactional outbox, for its one SNS topic. */
export interface EventSink<Transaction> {
  outbox: { add(transaction: Transaction, topic: string, event: CloudEvent): Promise<void> };
  topic: string;
}

/**
 * Puts one event in the outbox inside the change's transaction, so it is published exactly when
 * the change commits. An event that breaks its own contract is a bug: it throws here and the
 * change rolls back rather than publishing something consumers would reject.
 *
 *   await emitEvent(sink, transaction, 'episodic/media', { type: 'thumbnail.deleted', subject, data }, meta);
 */
export async function emitEvent<Transaction>(
  sink: EventSink<Transaction>,
  transaction: Transaction,
  source: string,
  event: { type: string; subject: string; data: object },
  meta: WriteMeta,
): Promise<void> {
  const envelope = createEvent({ source, ...event, data: event.data as Record<string, unknown>, actor: meta.actor, correlationId: meta.correlationId });
  assertValidEvent(envelope);
  await sink.outbox.add(transaction, sink.topic, envelope);
}
