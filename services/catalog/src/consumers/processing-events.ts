import type { Logger } from '@episodic/core';
import type { EventHandler } from '@episodic/messaging';
import type { Catalog } from '../domain/catalog.ts';

/**
 * processing's video.uploaded and processing.* events, applied once each. Every outcome is
 * acknowledged (an event of a deleted episode, or one its job has outgrown, needs nothing more);
 * a database failure throws, and the consumer retries the message.
 */
export function processingEvents(catalog: Pick<Catalog, 'applyProcessingEvent'>, logger: Logger): EventHandler {
  return async (event) => {
    const outcome = await catalog.applyProcessingEvent(event);
    const log = { eventId: event.id, type: event.type, subject: event.subject, correlationId: event.correlationid, outcome };
    if (outcome === 'unknown-episode') logger.warn(log, 'processing event of a missing or deleted episode ignored');
    else logger.info(log, 'processing event applied');
    return 'success';
  };
}
