import type { Logger } from '@episodic/core';
import { applyOnce } from '@episodic/db';
import { followEpisodes, type EpisodeDeleted } from '@episodic/episodes';
import type { EventHandler } from '@episodic/messaging';
import { emit } from './events.ts';
import type { ProcessingDeps } from './processing-deps.ts';

/**
 * How processing follows catalog's episodes, each event applied once: created and updated keep
 * the projection's live ids; deleted leaves a tombstone and cancels the episode's unfinished
 * jobs (a worker holding one finds it cancelled and drops it), each with processing.failed.
 */
export function episodeLifecycle(deps: ProcessingDeps) {
  const cancelJobs = (event: EpisodeDeleted) =>
    applyOnce(deps.sequelize, event, async (transaction) => {
      const { episode } = event.data;
      await deps.known.markDeleted(episode.id, new Date(event.data.deleted_at ?? event.time), transaction);
      for (const job of await deps.jobs.cancelForEpisode(episode.id, 'cancelled: the episode was deleted', transaction)) {
        await emit(deps.events, transaction, { type: 'processing.failed', data: { job } }, { actor: event.actor, correlationId: event.correlationid });
      }
    });

  return { apply: followEpisodes(deps.sequelize, deps.known, cancelJobs) };
}

/** catalog's episode.* events for processing; a database failure is retried by the consumer. */
export function episodeEvents(lifecycle: ReturnType<typeof episodeLifecycle>, logger: Logger): EventHandler {
  return async (event) => {
    const outcome = await lifecycle.apply(event);
    logger.info({ eventId: event.id, type: event.type, subject: event.subject, correlationId: event.correlationid, outcome }, 'episode event applied');
    return 'success';
  };
}
