import type { Transaction } from 'sequelize';
import type { EventDataOf } from '@episodic/contracts';
import type { Outbox } from '@episodic/db';
import { assertValidEvent, createEvent, type Actor } from '@episodic/messaging';

/** Who asked for a change and which request (or event) it belongs to. */
export interface WriteMeta {
  actor: Actor;
  correlationId: string;
}

/** Where processing's events go: the outbox of its database, for one SNS topic. */
export interface EventSink {
  outbox: Outbox;
  topic: string;
}

export const EVENT_SOURCE = 'episodic/processing';

type ProcessingEvent =
  | { type: 'video.uploaded'; data: EventDataOf<'video.uploaded'> }
  | { type: 'processing.requested'; data: EventDataOf<'processing.requested'> }
  | { type: 'processing.started'; data: EventDataOf<'processing.started'> }
  | { type: 'processing.completed'; data: EventDataOf<'processing.completed'> }
  | { type: 'processing.failed'; data: EventDataOf<'processing.failed'> };

/**
 * Puts one processing event in the outbox inside the change's transaction; it is published when
 * the change commits. processing.requested is also the work item: the processing-jobs queue is
 * subscribed to it, so a job is queued exactly when its row commits.
 */
export async function emit(sink: EventSink, transaction: Transaction, event: ProcessingEvent, meta: WriteMeta): Promise<void> {
  const episodeId = 'job' in event.data ? event.data.job.episode_id : event.data.episode_id;
  const envelope = createEvent({
    source: EVENT_SOURCE,
    type: event.type,
    subject: 'job' in event.data ? `episodes/${episodeId}/jobs/${event.data.job.id}` : `episodes/${episodeId}/video`,
    data: event.data,
    actor: meta.actor,
    correlationId: meta.correlationId,
  });
  assertValidEvent(envelope);
  await sink.outbox.add(transaction, sink.topic, envelope);
}
