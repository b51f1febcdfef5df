import { fn, col, literal, Op, QueryTypes, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { InboxOutcome } from '@episodic/db';
import type { ActivityEntry } from '../domain/activity.ts';
import { chainHash, CURRENT_HASH_VERSION } from '../domain/chain.ts';
import { activityLogModel, type ActivityLog } from '../models/ActivityLog.ts';
import { toActivity, type ActivityRow } from './activity-row.ts';

export type { ActivityRow } from './activity-row.ts';

/** Any fixed number: the advisory lock that serialises appends to the one chain. */
const CHAIN_LOCK = 727_001;

/**
 * The chain head in one row: the newest row, and the newest removed retention segment (when
 * retention removed the newest rows, the next row links to that segment's last hash).
 */
const HEAD = `SELECT newest.id AS last_id, newest.hash AS last_hash, removed.last_id AS removed_id, removed.last_hash AS removed_hash
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (SELECT id, hash FROM activity_logs ORDER BY id DESC LIMIT 1) AS newest ON true
  LEFT JOIN LATERAL (SELECT last_id, last_hash FROM audit_segments WHERE removed_at IS NOT NULL ORDER BY last_id DESC LIMIT 1) AS removed ON true`;

interface HeadRow {
  last_id: string | null;
  last_hash: string | null;
  removed_id: string | null;
  removed_hash: string | null;
}

/** The hash the next row links to: the newest row's, or a removed segment's that ends after it. */
function headOf(row: HeadRow): string | null {
  if (row.removed_id !== null && (row.last_id === null || Number(row.removed_id) > Number(row.last_id))) return row.removed_hash;
  return row.last_hash;
}

/** Rows read per query when streaming: memory stays flat however long the log is. */
const BATCH = 1000;

const COLUMNS = ['user_id', 'action_type', 'resource_type', 'resource_id', 'old_values', 'new_values', 'ip_address', 'user_agent', 'correlation_id', 'outcome', 'event_id', 'event_type', 'occurred_at'] as const;

export interface ActivityFilter {
  user_id?: string;
  resource_type?: string;
  resource_id?: number;
  action_type?: string;
  correlation_id?: string;
  outcome?: string;
  from?: string;
  to?: string;
  /** Keyset position: rows strictly older than this (occurred_at, id). */
  before?: { occurred_at: string; id: number };
  limit: number;
}

/** An event's identity and the activity row it becomes. */
export interface ActivityOfEvent {
  event: { id: string; type: string };
  entry: ActivityEntry;
}

/** The columns a summary can count by. */
export const SUMMARY_GROUPS = { user: 'user_id', action: 'action_type', resource_type: 'resource_type', outcome: 'outcome' } as const;
export type SummaryGroup = keyof typeof SUMMARY_GROUPS;

/** Data access of the audit log; rows leave as plain objects. */
export function createActivityRepository(sequelize: Sequelize) {
  const ActivityLogs = activityLogModel(sequelize);

  /** Takes the chain lock: appends are serialised, and the head read after it is the head. */
  async function lockChain(transaction: Transaction): Promise<void> {
    await sequelize.query('SELECT pg_advisory_xact_lock(:lock)', { replacements: { lock: CHAIN_LOCK }, transaction });
  }

  /** Appends entries after `prevHash` in their order: each hash links to the one before it (computed here), one INSERT writes every row. */
  async function insertChained(entries: ActivityEntry[], prevHash: string | null, transaction: Transaction): Promise<void> {
    if (entries.length === 0) return;
    const bind: unknown[] = [];
    const rows = entries.map((entry) => {
      const hash = chainHash(entry, prevHash);
      const values = [...COLUMNS.map((column) => (column.endsWith('_values') ? JSON.stringify(entry[column]) : entry[column])), prevHash, hash, CURRENT_HASH_VERSION];
      prevHash = hash;
      const first = bind.length;
      bind.push(...values);
      return `(${values.map((_, i) => (COLUMNS[i]?.endsWith('_values') ? `CAST($${first + i + 1} AS jsonb)` : `$${first + i + 1}`)).join(', ')}, now())`;
    });
    await sequelize.query(`INSERT INTO activity_logs (${COLUMNS.join(', ')}, prev_hash, hash, hash_version, recorded_at) VALUES ${rows.join(', ')}`, { bind, transaction });
  }

  /**
   * Under the chain lock, in one statement: marks the events' ids in the inbox, returning those
   * that were not there yet (the ones to record), and reads the head they will link to.
   */
  async function admitAndReadHead(events: { id: string; type: string }[], transaction: Transaction): Promise<{ admitted: Set<string>; head: string | null }> {
    const [row] = await sequelize.query<HeadRow & { admitted: string[] }>(
      `WITH admitted AS (
         INSERT INTO inbox (event_id, event_type, processed_at)
         SELECT id, type, now() FROM unnest(CAST($1 AS text[]), CAST($2 AS text[])) AS batch(id, type)
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id)
       SELECT (SELECT coalesce(json_agg(event_id), '[]') FROM admitted) AS admitted, head.* FROM (${HEAD}) AS head`,
      { bind: [events.map((event) => event.id), events.map((event) => event.type)], type: QueryTypes.SELECT, transaction },
    );
    return { admitted: new Set(row!.admitted), head: headOf(row!) };
  }

  function recordBatch(batch: ActivityOfEvent[]): Promise<InboxOutcome[]> {
    return sequelize.transaction(async (transaction) => {
      await lockChain(transaction);
      const { admitted, head } = await admitAndReadHead(batch.map(({ event }) => event), transaction);
      const fresh = batch.map(({ event }) => admitted.delete(event.id));
      await insertChained(batch.filter((_, index) => fresh[index]).map(({ entry }) => entry), head, transaction);
      return fresh.map((isFresh): InboxOutcome => (isFresh ? 'applied' : 'duplicate'));
    });
  }

  return {
    /** Records an event's activity once: a redelivered event id is a no-op. */
    async recordOnce(event: { id: string; type: string }, entry: ActivityEntry): Promise<InboxOutcome> {
      const [outcome] = await recordBatch([{ event, entry }]);
      return outcome!;
    },

    /**
     * Records the activities of a batch of events in one transaction, in the batch's order, each
     * once: an event already in the inbox (a redelivery, or a second copy in the batch) adds
     * nothing. One outcome per event, in order.
     */
    recordBatch,

    /** Records an entry the audit service itself originates (holds, retention passes). */
    async recordOwn(entry: ActivityEntry): Promise<void> {
      await sequelize.transaction(async (transaction) => {
        await lockChain(transaction);
        const [row] = await sequelize.query<HeadRow>(HEAD, { type: QueryTypes.SELECT, transaction });
        await insertChained([entry], headOf(row!), transaction);
      });
    },

    /** Newest first, filtered, one page. */
    async list(filter: ActivityFilter): Promise<ActivityRow[]> {
      const where: WhereOptions<ActivityLog>[] = [whereOf(filter)];
      if (filter.before) where.push(keyset('<'));
      const replacements = filter.before ? { keysetTime: filter.before.occurred_at, keysetId: filter.before.id } : {};
      const rows = await ActivityLogs.findAll({ where: { [Op.and]: where }, replacements, order: [['occurred_at', 'DESC'], ['id', 'DESC']], limit: filter.limit, raw: true });
      return rows.map((row) => toActivity(row as unknown as Record<string, unknown>));
    },

    /** Every matching row, oldest first, read in keyset batches (constant memory, no page cap). */
    async *stream(filter: Omit<ActivityFilter, 'limit' | 'before'>): AsyncGenerator<ActivityRow> {
      let after: { occurred_at: Date; id: number } | undefined;
      for (;;) {
        const where = after ? [whereOf(filter), keyset('>')] : [whereOf(filter)];
        const replacements = after ? { keysetTime: after.occurred_at, keysetId: after.id } : {};
        const rows = await ActivityLogs.findAll({ where: { [Op.and]: where }, replacements, order: [['occurred_at', 'ASC'], ['id', 'ASC']], limit: BATCH, raw: true });
        for (const row of rows) yield toActivity(row as unknown as Record<string, unknown>);
        if (rows.length < BATCH) return;
        const last = rows.at(-1)!;
        after = { occurred_at: last.occurred_at, id: Number(last.id) };
      }
    },

    /** Rows with ids in [fromId, toId] (toId unbounded when undefined), in id order, in batches. */
    async *byId(fromId = 0, toId?: number): AsyncGenerator<ActivityRow> {
      let after = fromId - 1;
      for (;;) {
        // Plain SQL: verify walks every row, and the model's per-row bookkeeping would double its time.
        const rows = await sequelize.query<Record<string, unknown>>(
          `SELECT * FROM activity_logs WHERE id > :after ${toId === undefined ? '' : 'AND id <= :toId'} ORDER BY id LIMIT :limit`,
          { type: QueryTypes.SELECT, replacements: { after, toId, limit: BATCH } },
        );
        for (const row of rows) yield toActivity(row);
        if (rows.length < BATCH) return;
        after = Number(rows.at(-1)!.id);
      }
    },

    /** Counts per user, action, resource type or outcome over a time range, largest first. */
    async summary(group: SummaryGroup, range: { from?: string; to?: string }): Promise<{ key: string | null; count: number }[]> {
      const column = SUMMARY_GROUPS[group];
      const rows = await ActivityLogs.findAll({
        attributes: [[col(column), 'key'], [fn('count', col('id')), 'count']],
        where: whereOf(range),
        group: [column],
        order: [[fn('count', col('id')), 'DESC'], [col(column), 'ASC']],
        raw: true,
      });
      return (rows as unknown as { key: string | null; count: string }[]).map((row) => ({ key: row.key, count: Number(row.count) }));
    },

    /** The newest row's id and hash (the chain head), or undefined for an empty table. */
    async head(): Promise<{ id: number; hash: string } | undefined> {
      const row = await ActivityLogs.findOne({ attributes: ['id', 'hash'], order: [['id', 'DESC']], raw: true });
      return row ? { id: Number(row.id), hash: row.hash } : undefined;
    },
  };
}

export type ActivityRepository = ReturnType<typeof createActivityRepository>;

/**
 * The keyset condition as one row comparison, which PostgreSQL answers from the (occurred_at, id)
 * index; the equivalent OR of two conditions makes it scan, and every batch costs more than the last.
 */
function keyset(direction: '<' | '>') {
  return literal(`("ActivityLog"."occurred_at", "ActivityLog"."id") ${direction} (CAST(:keysetTime AS timestamptz), :keysetId)`) as unknown as WhereOptions<ActivityLog>;
}

function whereOf(filter: Omit<ActivityFilter, 'limit' | 'before'>): WhereOptions<ActivityLog> {
  const where: Record<string | symbol, unknown> = {};
  for (const key of ['user_id', 'resource_type', 'resource_id', 'action_type', 'correlation_id', 'outcome'] as const) {
    if (filter[key] !== undefined) where[key] = filter[key];
  }
  const time: Record<symbol, string> = {};
  if (filter.from) time[Op.gte] = filter.from;
  if (filter.to) time[Op.lt] = filter.to;
  if (filter.from || filter.to) where['occurred_at'] = time;
  return where as WhereOptions<ActivityLog>;
}
