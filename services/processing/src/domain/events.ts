import type { Transaction } from 'sequelize';
import type { EventDataOf } from '@episodic/contracts';
import { emitEvent, type EventSink as Sink, type WriteMeta } from '@episodic/messaging';

export type { WriteMeta };
/** Where processing's events go: the outbox of its database, for one SNS topic. */
export type EventSink = Sink<Transaction>;

export const EVENT_SOURCE = 'episodic/processing';

type ProcessingEvent =
  | { type: 'video.uploaded'; data: EventDataOf<'video.uploaded'> }
  | { type: 'processing.requested'; data: EventDataOf<'processing.requested'> }
  | { type: 'processing.started'; data: EventDataOf<'processing.started'> }
  | { type: 'processing.completed'; data: EventDataOf<'processing.completed'> }
  | { type: 'processing.failed'; data: EventDataOf<'processing.failed'> };

/**
 * Puts one processing event in the outbox inside the change's transaction (see `emitEvent`).
 * processing.requested is also the work item: the processing-jobs queue is subscribed to it, so
 * a job is queued exactly when its row commits.
 */
export function emit(sink: EventSink, transaction: Transaction, event: ProcessingEvent, meta: WriteMeta): Promise<void> {
  const subject = 'job' in event.data
    ? `episodes/${event.data.job.episode_id}/jobs/${event.data.job.id}`
    : `episodes/${event.data.episode_id}/video`;
  return emitEvent(sink, transaction, EVENT_SOURCE, { ...event, subject }, meta);
}
