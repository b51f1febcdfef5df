import type { Logger } from '@episodic/core';
import type { EventHandler } from '@episodic/messaging';
import type { ActivityRepository } from '../data/activity-repository.ts';
import { activityOf } from '../domain/activity.ts';

/** Every event becomes one activity row, once; a database failure is retried by the consumer. */
export function recordActivity(activity: ActivityRepository, logger: Logger): EventHandler {
  return async (event) => {
    const outcome = await activity.recordOnce(event, activityOf(event));
    logger.debug({ eventId: event.id, type: event.type, correlationId: event.correlationid, outcome }, 'activity recorded');
    return 'success';
  };
}
