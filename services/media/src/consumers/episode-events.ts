import type { Logger } from '@episodic/core';
import type { EventHandler } from '@episodic/messaging';
import type { EpisodeLifecycle } from '../domain/episode-lifecycle.ts';

/** catalog's episode.* events, applied once each; a database failure is retried by the consumer. */
export function episodeEvents(lifecycle: EpisodeLifecycle, logger: Logger): EventHandler {
  return async (event) => {
    const outcome = await lifecycle.apply(event);
    logger.info({ eventId: event.id, type: event.type, subject: event.subject, correlationId: event.correlationid, outcome }, 'episode event applied');
    return 'success';
  };
}
