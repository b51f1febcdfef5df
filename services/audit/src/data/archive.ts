import type { ObjectStore } from '@episodic/storage';
import type { Anchor } from '../domain/verification.ts';

/** Ids are zero-padded in keys so S3's lexicographic listing is id order. */
const pad = (id: number) => String(id).padStart(15, '0');
const ANCHOR_KEY = /^anchors\/(\d{15})-([0-9a-f]{64})\.json$/;

/** What a segment's manifest says about it (and about its JSON Lines object). */
export interface SegmentManifest {
  first_id: number;
  last_id: number;
  row_count: number;
  first_prev_hash: string | null;
  last_hash: string;
  object_key: string;
  sha256: string;
  archived_at: string;
}

/**
 * The archive bucket (S3 Object Lock in AWS): chain anchors under `anchors/`, retention
 * segments under `segments/`. Anchor keys carry the id and hash, so verifying reads only listings.
 */
export function createArchive(store: ObjectStore) {
  return {
    bucket: store.bucket,

    /** Writes a checkpoint of the chain head. */
    async putAnchor(anchor: Anchor & { time: string }): Promise<string> {
      const key = `anchors/${pad(anchor.last_id)}-${anchor.hash}.json`;
      await store.put(key, Buffer.from(JSON.stringify(anchor)), 'application/json');
      return key;
    },

    /** Every anchor, in id order. */
    async anchors(): Promise<Anchor[]> {
      const keys = await store.list('anchors/');
      return keys.flatMap((key) => {
        const match = ANCHOR_KEY.exec(key);
        return match ? [{ last_id: Number(match[1]), hash: match[2]! }] : [];
      });
    },

    /** Stores a segment's JSON Lines, then its manifest (the manifest last: it vouches for the object). */
    async putSegment(lines: Buffer, manifest: Omit<SegmentManifest, 'object_key'>): Promise<SegmentManifest> {
      const base = `segments/${pad(manifest.first_id)}-${pad(manifest.last_id)}`;
      const complete = { ...manifest, object_key: `${base}.jsonl` };
      await store.put(complete.object_key, lines, 'application/x-ndjson');
      await store.put(`${base}.manifest.json`, Buffer.from(JSON.stringify(complete, null, 2)), 'application/json');
      return complete;
    },

    check: () => store.check(),
  };
}

export type Archive = ReturnType<typeof createArchive>;
