import { createHash } from 'node:crypto';
import type { Logger } from '@episodic/core';
import type { ActivityRepository } from '../data/activity-repository.ts';
import type { Archive } from '../data/archive.ts';
import type { RetentionRepository } from '../data/retention-repository.ts';
import { ownEntry } from './own-entry.ts';

export interface RetentionDeps {
  activity: ActivityRepository;
  retention: RetentionRepository;
  archive: Archive;
  logger: Logger;
}

export interface RetentionOptions {
  retentionDays: number;
  /** Rows per archived segment. */
  segmentRows: number;
  now?: Date;
}

export interface RetentionReport {
  archived: number;
  removed_segments: number;
  removed_rows: number;
  held_segments: number;
}

/**
 * One retention pass. Rows recorded more than `retentionDays` ago are cut, oldest first, into
 * whole segments; each is written to the archive (JSON Lines, then its manifest) before anything
 * is removed, and removed only when no active legal hold matches one of its rows. Segments kept
 * for a hold are removed by a later pass once it is lifted. A failing archive stops the pass with
 * nothing removed. The pass itself is recorded in the log.
 */
export async function retentionPass(deps: RetentionDeps, options: RetentionOptions): Promise<RetentionReport> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * 86_400_000);
  const report: RetentionReport = { archived: 0, removed_segments: 0, removed_rows: 0, held_segments: 0 };
  for (const segment of await deps.retention.keptSegments()) await removeUnlessHeld(deps, segment, report);
  for (let range = await deps.retention.nextExpiredRange(cutoff, options.segmentRows); range; range = await deps.retention.nextExpiredRange(cutoff, options.segmentRows)) {
    const id = await archiveSegment(deps, range);
    report.archived += 1;
    await removeUnlessHeld(deps, { id, ...range }, report);
  }
  await deps.activity.recordOwn(ownEntry({
    action_type: 'delete', resource_type: 'activity_log', resource_id: null, event_type: 'audit.retention_pass',
    new_values: { ...report, retention_days: options.retentionDays, cutoff: cutoff.toISOString() },
  }));
  deps.logger.info({ ...report, cutoff }, 'retention pass done');
  return report;
}

async function removeUnlessHeld(deps: RetentionDeps, segment: { id: number; first_id: number; last_id: number }, report: RetentionReport): Promise<void> {
  if (await deps.retention.isHeld(segment.first_id, segment.last_id)) {
    report.held_segments += 1;
    return;
  }
  report.removed_rows += await deps.retention.removeSegment(segment.id);
  report.removed_segments += 1;
}

/** Writes rows [first_id, last_id] as JSON Lines with a manifest, and records the segment. */
async function archiveSegment(deps: RetentionDeps, range: { first_id: number; last_id: number }): Promise<number> {
  const lines: Buffer[] = [];
  let first: { prev_hash: string | null } | undefined;
  let last: { hash: string } | undefined;
  let rows = 0;
  for await (const row of deps.activity.byId(range.first_id, range.last_id)) {
    first ??= row;
    last = row;
    rows += 1;
    lines.push(Buffer.from(`${JSON.stringify(row)}\n`));
  }
  const body = Buffer.concat(lines);
  const manifest = await deps.archive.putSegment(body, {
    first_id: range.first_id,
    last_id: range.last_id,
    row_count: rows,
    first_prev_hash: first?.prev_hash ?? null,
    last_hash: last!.hash,
    sha256: createHash('sha256').update(body).digest('hex'),
    archived_at: new Date().toISOString(),
  });
  return deps.retention.recordSegment(manifest);
}
