import type { Transaction } from 'sequelize';
import type { Thumbnail } from '@episodic/contracts';
import type { Outbox } from '@episodic/db';
import { assertValidEvent, createEvent, type Actor } from '@episodic/messaging';

/** Who asked for a change and which request it belongs to: every event of the change carries both. */
export interface WriteMeta {
  actor: Actor;
  /** The request id (x-request-id), or the correlation id of the event that caused the change. */
  correlationId: string;
}

/** Where media's events go: the outbox of its database, for one SNS topic. */
export interface EventSink {
  outbox: Outbox;
  topic: string;
}

export const EVENT_SOURCE = 'episodic/media';

type ThumbnailEvent =
  | { type: 'thumbnail.created'; data: { thumbnail: Thumbnail; demoted_primary: Thumbnail | null } }
  | { type: 'thumbnail.deleted'; data: { thumbnail: Thumbnail; reason: 'deleted' | 'episode_deleted' } };

/**
 * Puts one thumbnail event in the outbox inside the change's transaction, so it is published
 * exactly when the change commits. An event that breaks its own contract throws, and the change
 * rolls back rather than publishing what consumers would reject.
 */
export async function emit(sink: EventSink, transaction: Transaction, event: ThumbnailEvent, meta: WriteMeta): Promise<void> {
  const { thumbnail } = event.data;
  const envelope = createEvent({
    source: EVENT_SOURCE,
    type: event.type,
    subject: `episodes/${thumbnail.episode_id}/thumbnails/${thumbnail.id}`,
    data: event.data,
    actor: meta.actor,
    correlationId: meta.correlationId,
  });
  assertValidEvent(envelope);
  await sink.outbox.add(transaction, sink.topic, envelope);
}
