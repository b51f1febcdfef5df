import type { ActivityRow } from '../data/activity-repository.ts';

const COLUMNS: (keyof ActivityRow)[] = ['id', 'occurred_at', 'user_id', 'action_type', 'resource_type', 'resource_id', 'outcome', 'ip_address', 'user_agent', 'correlation_id', 'event_type', 'event_id', 'old_values', 'new_values', 'hash'];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; JSON for objects. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The page of activity as CSV, header first, CRLF line ends. */
export function toCsv(rows: ActivityRow[]): string {
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => field(row[column])).join(','))].join('\r\n') + '\r\n';
}
