import type { Logger } from '@episodic/core';
import type { ActivityRepository } from '../data/activity-repository.ts';
import type { Archive } from '../data/archive.ts';

/**
 * Writes the chain head (last id, its hash, the time) to the archive when it moved since the
 * last anchor. Runs at a fixed interval and once on shutdown.
 *
 *   const anchor = headAnchoring(activity, archive, logger);
 *   await anchor();   // the key written, or undefined when the head did not move
 */
export function headAnchoring(activity: ActivityRepository, archive: Archive, logger: Logger) {
  let anchoredId: number | undefined;
  return async (): Promise<string | undefined> => {
    const head = await activity.head();
    if (!head || head.id === anchoredId) return undefined;
    const key = await archive.putAnchor({ last_id: head.id, hash: head.hash, time: new Date().toISOString() });
    anchoredId = head.id;
    logger.info({ lastId: head.id, key }, 'chain head anchored');
    return key;
  };
}
