import { applyOnce, type InboxOutcome } from '@episodic/db';
import { followEpisodes, type EpisodeDeleted } from '@episodic/episodes';
import { objectKeysOf } from '../data/thumbnail-rows.ts';
import { emit } from './events.ts';
import type { MediaDeps } from './media-deps.ts';

/**
 * How media follows catalog's episodes. Each event is applied once (the inbox): created and
 * updated keep the projection's live ids; deleted leaves a tombstone and removes the episode's
 * thumbnails (rows, thumbnail.deleted events and their S3 objects) in one transaction.
 */
export function episodeLifecycle(deps: MediaDeps) {
  const { sequelize, known, thumbnails, deletions } = deps;

  const cascade = async (event: EpisodeDeleted): Promise<InboxOutcome> => {
    const { episode } = event.data;
    const meta = { actor: event.actor, correlationId: event.correlationid };
    const outcome = await applyOnce(sequelize, event, async (transaction) => {
      await known.markDeleted(episode.id, new Date(event.data.deleted_at ?? event.time), transaction);
      for (const thumbnail of await thumbnails.removeForEpisode(episode.id, transaction)) {
        await deletions.schedule(thumbnail.s3_bucket, objectKeysOf(thumbnail), 0, transaction);
        await emit(deps.events, transaction, { type: 'thumbnail.deleted', data: { thumbnail, reason: 'episode_deleted' } }, meta);
      }
    });
    deps.sweepSoon();
    return outcome;
  };

  /** Applies one episode.* event; any other type is not media's business and is acknowledged. */
  return { apply: followEpisodes(sequelize, known, cascade) };
}

export type EpisodeLifecycle = ReturnType<typeof episodeLifecycle>;
