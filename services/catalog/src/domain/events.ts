import type { Transaction } from 'sequelize';
import { emitEvent, type EventSink as Sink, type WriteMeta } from '@episodic/messaging';

export type { WriteMeta };
/** Where catalog's events go: the outbox of its database, for one SNS topic. */
export type EventSink = Sink<Transaction>;

export const EVENT_SOURCE = 'episodic/catalog';

/** Puts one catalog event about an episode in the outbox inside the write's transaction (see `emitEvent`). */
export function emit(
  sink: EventSink,
  transaction: Transaction,
  event: { type: string; episodeId: number; data: Record<string, unknown> },
  meta: WriteMeta,
): Promise<void> {
  return emitEvent(sink, transaction, EVENT_SOURCE, { type: event.type, subject: `episodes/${event.episodeId}`, data: event.data }, meta);
}
