import type { Transaction } from 'sequelize';
import type { EventDataOf } from '@episodic/contracts';
import { emitEvent, type EventSink as Sink, type WriteMeta } from '@episodic/messaging';

export type { WriteMeta };
/** Where media's events go: the outbox of its database, for one SNS topic. */
export type EventSink = Sink<Transaction>;

export const EVENT_SOURCE = 'episodic/media';

type ThumbnailEvent =
  | { type: 'thumbnail.created'; data: EventDataOf<'thumbnail.created'> }
  | { type: 'thumbnail.deleted'; data: EventDataOf<'thumbnail.deleted'> };

/** Puts one thumbnail event in the outbox inside the change's transaction (see `emitEvent`). */
export function emit(sink: EventSink, transaction: Transaction, event: ThumbnailEvent, meta: WriteMeta): Promise<void> {
  const { thumbnail } = event.data;
  const subject = `episodes/${thumbnail.episode_id}/thumbnails/${thumbnail.id}`;
  return emitEvent(sink, transaction, EVENT_SOURCE, { ...event, subject }, meta);
}
