import type { ActivityRow } from '../data/activity-row.ts';
import { entryOf } from '../data/activity-row.ts';
import { chainHash } from './chain.ts';

/** A checkpoint of the chain kept outside the database: row `last_id` had hash `hash`. */
export interface Anchor {
  last_id: number;
  hash: string;
}

/** Rows archived and removed by retention: the chain runs through them from `first_prev_hash` to `last_hash`. */
export interface RemovedSegment {
  first_id: number;
  last_id: number;
  first_prev_hash: string | null;
  last_hash: string;
}

/** The verdict on a run of rows. */
export interface ChainVerdict {
  valid: boolean;
  rows: number;
  /** The first row whose link or hash does not hold, or where rows are missing; null when valid. */
  first_broken_id: number | null;
  reason: string | null;
  last_id: number | null;
  last_hash: string | null;
  anchors_checked: number;
}

export interface VerifyOptions {
  /** The hash the first row must point at: null for the start of the log (or an export's own first prev_hash). */
  startPrevHash: string | null;
  /** Checkpoints (any order); those inside removed segments were archived with their rows. */
  anchors?: Iterable<Anchor>;
  /** Segments removed by retention (any order). */
  removed?: Iterable<RemovedSegment>;
}

/**
 * Walks rows in id order, one at a time (constant memory), recomputing each hash from the row's
 * content and its predecessor's hash; across a removed segment it follows the segment's recorded
 * first and last hashes. Every anchor must match the row it names: rewriting the whole chain
 * breaks them, and cutting rows from its end leaves an anchor past the end.
 *
 *   const verdict = await verifyChain(repository.byId(), { startPrevHash: null, anchors, removed });
 */
export async function verifyChain(rows: AsyncIterable<ActivityRow> | Iterable<ActivityRow>, options: VerifyOptions): Promise<ChainVerdict> {
  const removed = [...(options.removed ?? [])].sort((a, b) => a.first_id - b.first_id);
  const inRemoved = (id: number) => removed.some((segment) => id >= segment.first_id && id <= segment.last_id);
  const anchors = [...(options.anchors ?? [])].filter((anchor) => !inRemoved(anchor.last_id)).sort((a, b) => a.last_id - b.last_id);
  const state = { rows: 0, prevHash: options.startPrevHash, lastId: null as number | null, anchor: 0, segment: 0 };
  const broken = (id: number, reason: string): ChainVerdict => ({ valid: false, rows: state.rows, first_broken_id: id, reason, last_id: state.lastId, last_hash: state.prevHash, anchors_checked: state.anchor });
  /** Follows the chain across removed segments that end before `id`; the first that does not continue it breaks it. */
  const acrossRemoved = (id: number): ChainVerdict | undefined => {
    while (state.segment < removed.length && removed[state.segment]!.last_id < id) {
      const segment = removed[state.segment]!;
      if (segment.first_prev_hash !== state.prevHash) return broken(segment.first_id, `removed segment ${segment.first_id}-${segment.last_id} does not continue the chain`);
      state.prevHash = segment.last_hash;
      state.segment += 1;
    }
    return undefined;
  };
  for await (const row of rows) {
    const gap = acrossRemoved(row.id);
    if (gap) return gap;
    const anchor = anchors[state.anchor];
    if (anchor && anchor.last_id < row.id) return broken(anchor.last_id, `row ${anchor.last_id} named by an anchor is missing`);
    if (row.prev_hash !== state.prevHash) return broken(row.id, 'prev_hash does not match the previous row');
    if (row.hash !== chainHash(entryOf(row), state.prevHash, row.hash_version)) return broken(row.id, 'hash does not match the row');
    if (anchor && anchor.last_id === row.id) {
      if (anchor.hash !== row.hash) return broken(row.id, 'hash differs from the anchored hash');
      state.anchor += 1;
    }
    state.rows += 1;
    state.lastId = row.id;
    state.prevHash = row.hash;
  }
  const tail = acrossRemoved(Number.MAX_SAFE_INTEGER);
  if (tail) return tail;
  if (state.anchor < anchors.length) {
    const last = anchors.at(-1)!;
    return broken((state.lastId ?? 0) + 1, `rows up to ${last.last_id} were anchored but the log ends at ${state.lastId ?? 'no row'}`);
  }
  return { valid: true, rows: state.rows, first_broken_id: null, reason: null, last_id: state.lastId, last_hash: state.prevHash, anchors_checked: state.anchor };
}
