import pg from 'pg';
import { sleep } from '@episodic/core';
import { percentile } from './stats.ts';

/** Delays from a create's 201 to its audit row, and what went wrong. */
export interface WriteToAudit {
  writes: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Creates whose audit row never appeared within the wait. */
  missing: number;
  /** Look-ups of the audit row the writer made (each a small indexed query on audit's database). */
  rowPolls: number;
  /** Creates that did not answer 201 (status → count). */
  failed: Record<string, number>;
  intervalMs: number;
}

const ROW_WAIT_MS = 30_000;
let created = 0;

/**
 * A writer beside whatever else runs: one POST /episodes every `intervalMs` (not waiting for the
 * previous one) until `until()` says stop (or `count` creates), each followed from its 201 to its
 * `create` row in audit's database (by its x-request-id, the row's correlation id). The wait polls
 * every 5 ms for the first 200 ms, then every 50 ms, up to 30 s; a row that never shows is counted
 * as missing, not thrown.
 */
export async function writeToAudit(options: { gatewayUrl: string; token: string; auditDatabaseUrl: string; intervalMs: number; label: string; count?: number; until?: () => boolean }): Promise<WriteToAudit> {
  const audit = new pg.Pool({ connectionString: options.auditDatabaseUrl, max: 2 });
  const delays: number[] = [];
  const failed: Record<string, number> = {};
  let missing = 0;
  const polls = { count: 0 };
  const one = async (n: number) => {
    const requestId = `bench-${options.label}-${n}`;
    const response = await fetch(`${options.gatewayUrl}/api/v1/episodes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ show_name: 'Bench writes', season_number: 1, episode_number: n, episode_title: `Write ${n}` }),
    }).catch((error: Error) => ({ status: `error ${error.message}`, arrayBuffer: async () => undefined }));
    await response.arrayBuffer();
    if (response.status !== 201) {
      failed[response.status] = (failed[response.status] ?? 0) + 1;
      return;
    }
    const delay = await untilRow(audit, requestId, polls);
    if (delay === undefined) missing += 1;
    else delays.push(delay);
  };
  try {
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; options.count === undefined ? options.until!() : i < options.count; i += 1) {
      created += 1;
      inFlight.push(one(created));
      await sleep(Math.max(0, started + (i + 1) * options.intervalMs - performance.now()));
    }
    await Promise.all(inFlight);
  } finally {
    await audit.end();
  }
  return { writes: delays.length + missing, p50Ms: percentile(delays, 0.5), p90Ms: percentile(delays, 0.9), p99Ms: percentile(delays, 0.99), maxMs: delays.length ? round(Math.max(...delays)) : null, missing, rowPolls: polls.count, failed, intervalMs: options.intervalMs };
}

/** Milliseconds from now until the create row with this correlation id is visible; undefined after 30 s. */
async function untilRow(audit: pg.Pool, requestId: string, polls: { count: number }): Promise<number | undefined> {
  const written = performance.now();
  for (;;) {
    polls.count += 1;
    const { rowCount } = await audit.query("SELECT 1 FROM activity_logs WHERE correlation_id = $1 AND action_type = 'create'", [requestId]);
    const waited = performance.now() - written;
    if (rowCount) return round(waited);
    if (waited > ROW_WAIT_MS) return undefined;
    await sleep(waited < 200 ? 5 : 50);
  }
}

const round = (value: number) => Math.round(value * 10) / 10;
