import { QueryTypes, type Sequelize } from 'sequelize';
import type { LegalHold } from '@episodic/contracts';
import type { RemovedSegment } from '../domain/verification.ts';
import type { SegmentManifest } from './archive.ts';

/** A hold as plain data. */
export type LegalHoldRow = LegalHold;

export interface NewHold {
  user_id?: string;
  resource_type?: string;
  resource_id?: number;
  reason: string;
  created_by: string;
}

const iso = (value: unknown) => (value == null ? null : new Date(value as string).toISOString());
const toHold = (row: Record<string, unknown>): LegalHoldRow => ({
  id: Number(row['id']),
  user_id: (row['user_id'] as string | null) ?? null,
  resource_type: (row['resource_type'] as string | null) ?? null,
  resource_id: row['resource_id'] == null ? null : Number(row['resource_id']),
  reason: String(row['reason']),
  created_by: String(row['created_by']),
  created_at: iso(row['created_at'])!,
  lifted_at: iso(row['lifted_at']),
  lifted_by: (row['lifted_by'] as string | null) ?? null,
});

/** Segments, legal holds and gateway announcements: what retention and verify need besides the rows. */
export function createRetentionRepository(sequelize: Sequelize) {
  const select = <T extends object = Record<string, unknown>>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
  return {
    async removedSegments(): Promise<RemovedSegment[]> {
      const rows = await select<Record<string, unknown>>('SELECT first_id, last_id, first_prev_hash, last_hash FROM audit_segments WHERE removed_at IS NOT NULL ORDER BY first_id');
      return rows.map((row) => ({ first_id: Number(row['first_id']), last_id: Number(row['last_id']), first_prev_hash: (row['first_prev_hash'] as string | null) ?? null, last_hash: String(row['last_hash']) }));
    },

    /** Segments archived but not yet removed (held at the time), oldest first. */
    async keptSegments(): Promise<{ id: number; first_id: number; last_id: number }[]> {
      const rows = await select<Record<string, unknown>>('SELECT id, first_id, last_id FROM audit_segments WHERE removed_at IS NULL ORDER BY first_id');
      return rows.map((row) => ({ id: Number(row['id']), first_id: Number(row['first_id']), last_id: Number(row['last_id']) }));
    },

    /** The next whole segment to archive: up to `maxRows` rows after the last archived one, all recorded before `cutoff`. */
    async nextExpiredRange(cutoff: Date, maxRows: number): Promise<{ first_id: number; last_id: number; rows: number } | undefined> {
      const [range] = await select<Record<string, unknown>>(
        `WITH after AS (SELECT coalesce(max(last_id), 0) AS id FROM audit_segments),
              run AS (SELECT id, recorded_at FROM activity_logs WHERE id > (SELECT id FROM after) ORDER BY id LIMIT :maxRows),
              stop AS (SELECT min(id) AS id FROM run WHERE recorded_at >= :cutoff)
         SELECT min(id) AS first_id, max(id) AS last_id, count(*) AS rows FROM run
         WHERE (SELECT id FROM stop) IS NULL OR id < (SELECT id FROM stop)`,
        { cutoff, maxRows },
      );
      if (!range || range['first_id'] == null) return undefined;
      return { first_id: Number(range['first_id']), last_id: Number(range['last_id']), rows: Number(range['rows']) };
    },

    /** Whether an active hold matches any row with an id in [firstId, lastId]. */
    async isHeld(firstId: number, lastId: number): Promise<boolean> {
      const rows = await select(
        `SELECT 1 FROM activity_logs a JOIN legal_holds h ON h.lifted_at IS NULL
           AND (a.user_id = h.user_id OR (a.resource_type = h.resource_type AND a.resource_id = h.resource_id))
         WHERE a.id BETWEEN :firstId AND :lastId LIMIT 1`,
        { firstId, lastId },
      );
      return rows.length > 0;
    },

    async recordSegment(manifest: SegmentManifest): Promise<number> {
      const [row] = await select<{ id: string }>(
        `INSERT INTO audit_segments (first_id, last_id, row_count, first_prev_hash, last_hash, object_key, sha256)
         VALUES (:first_id, :last_id, :row_count, :first_prev_hash, :last_hash, :object_key, :sha256) RETURNING id`,
        { ...manifest },
      );
      return Number(row!.id);
    },

    /** Removes an archived segment's rows through the privileged function (the writer role cannot DELETE). */
    async removeSegment(segmentId: number): Promise<number> {
      const [row] = await select<{ removed: number }>('SELECT audit_remove_segment(:segmentId) AS removed', { segmentId });
      return Number(row!.removed);
    },

    async createHold(hold: NewHold): Promise<LegalHoldRow> {
      const [row] = await select<Record<string, unknown>>(
        `INSERT INTO legal_holds (user_id, resource_type, resource_id, reason, created_by)
         VALUES (:user_id, :resource_type, :resource_id, :reason, :created_by) RETURNING *`,
        { user_id: null, resource_type: null, resource_id: null, ...hold },
      );
      return toHold(row!);
    },

    async listHolds(): Promise<LegalHoldRow[]> {
      return (await select<Record<string, unknown>>('SELECT * FROM legal_holds ORDER BY lifted_at IS NOT NULL, created_at DESC, id DESC')).map(toHold);
    },

    /** Lifts an active hold; undefined when there is no such hold (or it was lifted already). */
    async liftHold(id: number, liftedBy: string): Promise<LegalHoldRow | undefined> {
      const [rows] = await sequelize.query(
        'UPDATE legal_holds SET lifted_at = now(), lifted_by = :liftedBy WHERE id = :id AND lifted_at IS NULL RETURNING *',
        { replacements: { id, liftedBy } },
      );
      const row = (rows as Record<string, unknown>[])[0];
      return row ? toHold(row) : undefined;
    },

    /** Gateway instances that announced a start and never a clean stop. */
    async possibleGaps(): Promise<{ instance: string; started_at: string }[]> {
      const rows = await select<Record<string, unknown>>(
        `SELECT s.new_values->>'instance' AS instance, s.occurred_at FROM activity_logs s
         WHERE s.event_type = 'gateway.started' AND NOT EXISTS (
           SELECT 1 FROM activity_logs t WHERE t.event_type = 'gateway.stopped' AND t.new_values->>'instance' = s.new_values->>'instance')
         ORDER BY s.id`,
      );
      return rows.map((row) => ({ instance: String(row['instance']), started_at: iso(row['occurred_at'])! }));
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
