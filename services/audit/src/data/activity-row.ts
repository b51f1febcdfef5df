import type { ActivityEntry } from '../domain/activity.ts';

/** One stored activity row, as plain data. */
export interface ActivityRow extends ActivityEntry {
  id: number;
  recorded_at: string;
  prev_hash: string | null;
  hash: string;
  hash_version: number;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
const text = (value: unknown) => (value == null ? null : String(value));

/** A database row (raw query or `raw: true` model read) as an ActivityRow. */
export function toActivity(row: Record<string, unknown>): ActivityRow {
  return {
    id: Number(row['id']),
    user_id: text(row['user_id']),
    action_type: String(row['action_type']),
    resource_type: String(row['resource_type']),
    resource_id: row['resource_id'] == null ? null : Number(row['resource_id']),
    old_values: row['old_values'] ?? null,
    new_values: row['new_values'] ?? null,
    ip_address: text(row['ip_address']),
    user_agent: text(row['user_agent']),
    correlation_id: String(row['correlation_id']),
    outcome: String(row['outcome']),
    event_id: String(row['event_id']),
    event_type: String(row['event_type']),
    occurred_at: iso(row['occurred_at']),
    recorded_at: iso(row['recorded_at']),
    prev_hash: text(row['prev_hash']),
    hash: String(row['hash']),
    hash_version: Number(row['hash_version'] ?? 1),
  };
}

/** The hashed content of a row: everything but its position, its recording time and the chain columns. */
export function entryOf(row: ActivityRow): ActivityEntry {
  const { id: _id, recorded_at: _recorded, prev_hash: _prev, hash: _hash, hash_version: _version, ...entry } = row;
  return entry;
}
