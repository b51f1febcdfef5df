import type { Logger } from '@episodic/core';
import type { EventHandler } from '@episodic/messaging';
import type { Catalog } from '../domain/catalog.ts';
import { processingEventOutOfBounds } from '../domain/event-bounds.ts';

/**
 * processing's video.uploaded and processing.* events, applied once each. Every outcome is
 * acknowledged (an event of a deleted episode, or one its job has outgrown, needs nothing more);
 * a database failure throws, and the consumer retries the message. An event naming what
 * processing may not (another episode's key) is dead-lettered, like one that breaks its schema.
 */
export function processingEvents(catalog: Pick<Catalog, 'applyProcessingEvent'>, logger: Logger): EventHandler {
  return async (event) => {
    const refusal = processingEventOutOfBounds(event);
    if (refusal) {
      logger.error({ eventId: event.id, type: event.type, subject: event.subject, reason: refusal }, 'processing event out of bounds: dead-lettered');
      return 'deadLetter';
    }
    const outcome = await catalog.applyProcessingEvent(event);
    const log = { eventId: event.id, type: event.type, subject: event.subject, correlationId: event.correlationid, outcome };
    if (outcome === 'unknown-episode') logger.warn(log, 'processing event of a missing or deleted episode ignored');
    else logger.info(log, 'processing event applied');
    return 'success';
  };
}
