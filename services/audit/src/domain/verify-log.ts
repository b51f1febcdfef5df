import type { ActivityRepository } from '../data/activity-repository.ts';
import type { Archive } from '../data/archive.ts';
import type { RetentionRepository } from '../data/retention-repository.ts';
import { verifyChain, type ChainVerdict } from './verification.ts';

export interface LogVerdict extends ChainVerdict {
  segments_removed: number;
  possible_gaps: { instance: string; started_at: string }[];
}

/**
 * Verifies the whole log: every row in id order (streamed), across the segments retention
 * removed, against every anchor in the archive; and lists gateway instances that never stopped
 * cleanly. An unreachable archive fails the check (503) rather than skipping the anchors.
 */
export async function verifyLog(deps: { activity: ActivityRepository; retention: RetentionRepository; archive: Archive }): Promise<LogVerdict> {
  const [anchors, removed, gaps] = await Promise.all([deps.archive.anchors(), deps.retention.removedSegments(), deps.retention.possibleGaps()]);
  const verdict = await verifyChain(deps.activity.byId(), { startPrevHash: null, anchors, removed });
  return { ...verdict, segments_removed: removed.length, possible_gaps: gaps };
}
