import type { Sequelize } from 'sequelize';
import type { EventOf } from '@episodic/contracts';
import { applyOnce, type InboxOutcome } from '@episodic/db';
import type { CloudEvent } from '@episodic/messaging';
import type { KnownEpisodes } from './known-episodes.ts';

/** An episode.deleted event, as the consumer validated it. */
export type EpisodeDeleted = CloudEvent<EventOf<'episode.deleted'>['data']>;

/**
 * How a service follows catalog's episodes, each event applied once (inbox): created and
 * updated keep the projection's live ids; deleted is the service's own business (`onDeleted`,
 * which records the tombstone and whatever cascades from it). Other types are ignored.
 *
 *   const follow = followEpisodes(sequelize, known, (event) => cascade(event));
 *   await follow(event); // 'applied' | 'duplicate' | 'ignored'
 */
export function followEpisodes(sequelize: Sequelize, known: KnownEpisodes, onDeleted: (event: EpisodeDeleted) => Promise<InboxOutcome>) {
  return async (event: CloudEvent): Promise<InboxOutcome | 'ignored'> => {
    switch (event.type) {
      case 'episode.created':
      case 'episode.updated': {
        const data = event.data as EventOf<'episode.created'>['data'] | EventOf<'episode.updated'>['data'];
        const id = 'episode' in data ? data.episode.id : data.after.id;
        return applyOnce(sequelize, event, (transaction) => known.rememberLive(id, transaction));
      }
      case 'episode.deleted':
        return onDeleted(event as EpisodeDeleted);
      default:
        return 'ignored';
    }
  };
}
