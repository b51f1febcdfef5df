import type { Logger } from '@episodic/core';
import type { EventHandler } from '@episodic/messaging';
import type { EpisodeLifecycle } from '../domain/episode-lifecycle.ts';
import type { JobFrames } from '../domain/job-frames.ts';

/** The parts of media that act on what arrives on its queue. */
export interface EpisodeEventRules {
  lifecycle: EpisodeLifecycle;
  frames: JobFrames;
}

/**
 * The events on media's queue, each applied once: catalog's episode.* and processing's
 * processing.completed (a thumbnail_generation job's frames). A database failure is retried by
 * the consumer.
 *
 *   new SqsConsumer({ sqs, queueUrl, handler: episodeEvents(media, logger), logger });
 */
export function episodeEvents(rules: EpisodeEventRules, logger: Logger): EventHandler {
  return async (event) => {
    const log = { eventId: event.id, type: event.type, subject: event.subject, correlationId: event.correlationid };
    if (event.type.startsWith('processing.')) {
      const { outcome, adoption, reason } = await rules.frames.apply(event);
      if (outcome === 'refused') {
        logger.error({ ...log, reason }, 'processing event names objects outside what processing may: dead-lettered');
        return 'deadLetter';
      }
      logger.info({ ...log, outcome, ...adoption }, 'processing event applied');
      return 'success';
    }
    const outcome = await rules.lifecycle.apply(event);
    logger.info({ ...log, outcome }, 'episode event applied');
    return 'success';
  };
}
