import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** S3 keys whose deletion is due. */
export interface DueDeletion {
  s3_key: string;
  s3_bucket: string;
  attempts: number;
}

/**
 * The `object_deletions` table (migrations/media/03): S3 objects to delete, recorded in the same
 * transaction as the change that orphans them. The sweeper (domain/object-sweeper.ts) works it off.
 */
export function objectDeletions(sequelize: Sequelize) {
  return {
    /** Schedules keys for deletion after `delaySeconds` (0: at once); an earlier schedule wins. */
    async schedule(bucket: string, keys: readonly string[], delaySeconds: number, transaction?: Transaction): Promise<void> {
      if (keys.length === 0) return;
      await sequelize.query(
        `INSERT INTO object_deletions (s3_key, s3_bucket, due_at)
         SELECT key, :bucket, now() + make_interval(secs => :delaySeconds) FROM unnest(ARRAY[:keys]::text[]) AS key
         ON CONFLICT (s3_key) DO UPDATE SET due_at = LEAST(object_deletions.due_at, EXCLUDED.due_at)`,
        { replacements: { bucket, keys, delaySeconds }, transaction },
      );
    },

    /** Keeps these objects after all (their row committed). */
    async cancel(keys: readonly string[], transaction?: Transaction): Promise<void> {
      if (keys.length === 0) return;
      await sequelize.query('DELETE FROM object_deletions WHERE s3_key IN (:keys)', { replacements: { keys }, transaction });
    },

    /** Which of these keys are scheduled for deletion (media has given up on those objects). */
    async scheduledAmong(keys: readonly string[], transaction?: Transaction): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await sequelize.query<{ s3_key: string }>('SELECT s3_key FROM object_deletions WHERE s3_key IN (:keys)', {
        replacements: { keys },
        type: QueryTypes.SELECT,
        transaction,
      });
      return new Set(rows.map((row) => row.s3_key));
    },

    /** Up to `limit` due deletions, locked so two sweepers never take the same ones. */
    async claimDue(limit: number, transaction: Transaction): Promise<DueDeletion[]> {
      return sequelize.query<DueDeletion>(
        `SELECT s3_key, s3_bucket, attempts FROM object_deletions WHERE due_at <= now()
         ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED`,
        { replacements: { limit }, type: QueryTypes.SELECT, transaction },
      );
    },

    /** Reschedules keys whose deletion failed, backing off with each attempt (capped at 10 minutes). */
    async retryLater(keys: readonly string[], error: string, transaction: Transaction): Promise<void> {
      await sequelize.query(
        `UPDATE object_deletions SET attempts = attempts + 1, last_error = :error,
           due_at = now() + make_interval(secs => LEAST(600, 5 * power(2, LEAST(attempts, 7))))
         WHERE s3_key IN (:keys)`,
        { replacements: { keys, error: error.slice(0, 2000) }, transaction },
      );
    },

    /** How many deletions are waiting, due or not (for tests and /metrics). */
    async pending(): Promise<number> {
      const [row] = await sequelize.query<{ count: string }>('SELECT count(*) AS count FROM object_deletions', { type: QueryTypes.SELECT });
      return Number(row!.count);
    },
  };
}

export type ObjectDeletions = ReturnType<typeof objectDeletions>;
