import type { Transaction } from 'sequelize';
import type { Outbox } from '@episodic/db';
import { assertValidEvent, createEvent, type Actor } from '@episodic/messaging';

/** Who asked for a write and which request it belongs to: every event of the write carries both. */
export interface WriteMeta {
  actor: Actor;
  /** The request id (x-request-id); becomes the events' `correlationid`. */
  correlationId: string;
}

/** Where catalog's events go: the outbox of its database, for one SNS topic. */
export interface EventSink {
  outbox: Outbox;
  topic: string;
}

export const EVENT_SOURCE = 'episodic/catalog';

/**
 * Puts one catalog event in the outbox inside the write's transaction, so it is published
 * exactly when the write commits. An event that breaks its own contract is a bug: it throws
 * here and the write rolls back rather than publishing something consumers would reject.
 */
export async function emit(
  sink: EventSink,
  transaction: Transaction,
  event: { type: string; episodeId: number; data: Record<string, unknown> },
  meta: WriteMeta,
): Promise<void> {
  const envelope = createEvent({
    source: EVENT_SOURCE,
    type: event.type,
    subject: `episodes/${event.episodeId}`,
    data: event.data,
    actor: meta.actor,
    correlationId: meta.correlationId,
  });
  assertValidEvent(envelope);
  await sink.outbox.add(transaction, sink.topic, envelope);
}
