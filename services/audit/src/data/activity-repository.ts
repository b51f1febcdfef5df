import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { applyOnce, type InboxOutcome } from '@episodic/db';
import type { ActivityEntry } from '../domain/activity.ts';
import { chainHash } from '../domain/chain.ts';

/** Any fixed number: the advisory lock that serialises appends to the one chain. */
const CHAIN_LOCK = 727_001;

const COLUMNS = ['user_id', 'action_type', 'resource_type', 'resource_id', 'old_values', 'new_values', 'ip_address', 'user_agent', 'correlation_id', 'outcome', 'event_id', 'event_type', 'occurred_at'] as const;

export interface ActivityRow extends ActivityEntry {
  id: number;
  recorded_at: string;
  prev_hash: string | null;
  hash: string;
}

export interface ActivityFilter {
  user_id?: string;
  resource_type?: string;
  resource_id?: number;
  action_type?: string;
  correlation_id?: string;
  from?: string;
  to?: string;
  /** Keyset position: rows strictly older than this (occurred_at, id). */
  before?: { occurred_at: string; id: number };
  limit: number;
}

/** Data access of the audit log; rows leave as plain objects. */
export function createActivityRepository(sequelize: Sequelize) {
  async function append(entry: ActivityEntry, transaction: Transaction): Promise<void> {
    await sequelize.query('SELECT pg_advisory_xact_lock(:lock)', { replacements: { lock: CHAIN_LOCK }, transaction });
    const [last] = await sequelize.query<{ hash: string }>('SELECT hash FROM activity_logs ORDER BY id DESC LIMIT 1', { type: QueryTypes.SELECT, transaction });
    const prevHash = last?.hash ?? null;
    const values = Object.fromEntries(COLUMNS.map((column) => [column, column.endsWith('_values') ? JSON.stringify(entry[column]) : entry[column]]));
    await sequelize.query(
      `INSERT INTO activity_logs (${COLUMNS.join(', ')}, recorded_at, prev_hash, hash)
       VALUES (${COLUMNS.map((c) => (c.endsWith('_values') ? `CAST(:${c} AS jsonb)` : `:${c}`)).join(', ')}, now(), :prev_hash, :hash)`,
      { replacements: { ...values, prev_hash: prevHash, hash: chainHash(entry, prevHash) }, transaction },
    );
  }

  return {
    /** Records an event's activity once: a redelivered event id is a no-op. */
    recordOnce(event: { id: string; type: string }, entry: ActivityEntry): Promise<InboxOutcome> {
      return applyOnce(sequelize, event, (transaction) => append(entry, transaction));
    },

    /** Newest first, filtered, one page. */
    async list(filter: ActivityFilter): Promise<ActivityRow[]> {
      const where: string[] = [];
      const replacements: Record<string, unknown> = { limit: filter.limit };
      for (const key of ['user_id', 'resource_type', 'resource_id', 'action_type', 'correlation_id'] as const) {
        if (filter[key] !== undefined) {
          where.push(`${key} = :${key}`);
          replacements[key] = filter[key];
        }
      }
      if (filter.from) {
        where.push('occurred_at >= :from');
        replacements['from'] = filter.from;
      }
      if (filter.to) {
        where.push('occurred_at < :to');
        replacements['to'] = filter.to;
      }
      if (filter.before) {
        where.push('(occurred_at, id) < (CAST(:beforeTime AS timestamptz), :beforeId)');
        Object.assign(replacements, { beforeTime: filter.before.occurred_at, beforeId: filter.before.id });
      }
      const rows = await sequelize.query<Record<string, unknown>>(
        `SELECT * FROM activity_logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY occurred_at DESC, id DESC LIMIT :limit`,
        { replacements, type: QueryTypes.SELECT },
      );
      return rows.map(toActivity);
    },

    /** Recomputes the chain from the first row; names the first row whose hash does not match. */
    async verify(): Promise<{ valid: boolean; rows: number; first_broken_id: number | null }> {
      const rows = (await sequelize.query<Record<string, unknown>>('SELECT * FROM activity_logs ORDER BY id', { type: QueryTypes.SELECT })).map(toActivity);
      let prevHash: string | null = null;
      for (const row of rows) {
        const { id: _id, recorded_at: _r, prev_hash, hash, ...entry } = row;
        if (prev_hash !== prevHash || hash !== chainHash(entry, prevHash)) return { valid: false, rows: rows.length, first_broken_id: row.id };
        prevHash = hash;
      }
      return { valid: true, rows: rows.length, first_broken_id: null };
    },
  };
}

export type ActivityRepository = ReturnType<typeof createActivityRepository>;

function toActivity(row: Record<string, unknown>): ActivityRow {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
  return {
    id: Number(row['id']),
    user_id: (row['user_id'] as string | null) ?? null,
    action_type: String(row['action_type']),
    resource_type: String(row['resource_type']),
    resource_id: row['resource_id'] == null ? null : Number(row['resource_id']),
    old_values: row['old_values'] ?? null,
    new_values: row['new_values'] ?? null,
    ip_address: (row['ip_address'] as string | null) ?? null,
    user_agent: (row['user_agent'] as string | null) ?? null,
    correlation_id: String(row['correlation_id']),
    outcome: String(row['outcome']),
    event_id: String(row['event_id']),
    event_type: String(row['event_type']),
    occurred_at: iso(row['occurred_at']),
    recorded_at: iso(row['recorded_at']),
    prev_hash: (row['prev_hash'] as string | null) ?? null,
    hash: String(row['hash']),
  };
}
