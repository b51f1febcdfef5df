import type { Logger } from '@episodic/core';
import type { BatchHandler, BatchItem, HandlerOutcome } from '@episodic/messaging';
import type { ActivityRepository } from '../data/activity-repository.ts';
import { activityOf } from '../domain/activity.ts';

/**
 * Every event of a received batch becomes one activity row, once, in the batch's order and in
 * one transaction. When that transaction fails, the events are recorded one by one, so one row
 * the database refuses cannot hold back the others; only the ones that still fail are retried.
 */
export function recordActivities(activity: ActivityRepository, logger: Logger): BatchHandler {
  return async (items) => {
    try {
      const outcomes = await activity.recordBatch(items.map(({ event }) => ({ event, entry: activityOf(event) })));
      logger.debug({ events: items.length, duplicates: outcomes.filter((outcome) => outcome === 'duplicate').length }, 'activity recorded');
      return items.map((): HandlerOutcome => 'success');
    } catch (error) {
      if (items.length === 1) throw error;
      logger.warn({ err: error, events: items.length }, 'batch not recorded; recording its events one by one');
      const outcomes: HandlerOutcome[] = [];
      for (const item of items) outcomes.push(await recordAlone(activity, item, logger));
      return outcomes;
    }
  };
}

async function recordAlone(activity: ActivityRepository, { event }: BatchItem, logger: Logger): Promise<HandlerOutcome> {
  try {
    await activity.recordOnce(event, activityOf(event));
    return 'success';
  } catch (error) {
    logger.warn({ err: error, eventId: event.id, type: event.type, correlationId: event.correlationid }, 'activity not recorded; will retry');
    return 'retryLater';
  }
}
