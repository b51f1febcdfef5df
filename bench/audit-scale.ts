/**
 * Audit at scale (`BENCH_PARTS` including `audit`; also runnable alone: `node bench/audit-scale.ts`):
 * fills a fresh audit database with BENCH_AUDIT_ROWS (default 1,000,000) valid chained rows by
 * batched SQL (not the API), then measures
 *  - verify over all of them (the service's streaming walk): time, rows/s, RSS before and peak;
 *  - a CSV export of all of them (the route's own stream, into a byte counter): time, MB, peak RSS.
 * Memory must stay flat: the peak should not grow with the row count.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { startPostgres } from '@episodic/testing';
import { createActivityRepository } from '../services/audit/src/data/activity-repository.ts';
import { chainHash } from '../services/audit/src/domain/chain.ts';
import type { ActivityEntry } from '../services/audit/src/domain/activity.ts';
import { verifyChain } from '../services/audit/src/domain/verification.ts';
import { csvStream } from '../services/audit/src/routes/csv.ts';

const MIGRATIONS = fileURLToPath(new URL('../migrations/audit', import.meta.url));
const BATCH = 5000;
const CSV_COLUMNS = ['id', 'occurred_at', 'user_id', 'action_type', 'resource_type', 'resource_id', 'outcome', 'ip_address', 'user_agent', 'correlation_id', 'event_type', 'event_id', 'old_values', 'new_values', 'hash'] as const;

export async function auditScaleBench(rows = Number(process.env['BENCH_AUDIT_ROWS'] ?? 1_000_000)) {
  const logger = createLogger({ name: 'bench-audit', level: 'warn' });
  const postgres = await startPostgres({ logger });
  try {
    await postgres.ensureDatabase('bench_audit');
    const url = postgres.url('bench_audit');
    const owner = createSequelize({ url, logger, poolMax: 1 });
    await migrateUp(owner, MIGRATIONS);
    await owner.close();
    const fillStarted = performance.now();
    await fill(url, rows);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const sequelize = createSequelize({ url, logger, poolMax: 2 });
    try {
      const activity = createActivityRepository(sequelize);
      const verify = await measured(async () => verifyChain(activity.byId(), { startPrevHash: null }));
      const bytes = { count: 0 };
      const csv = await measured(() => pipeline(csvStream([...CSV_COLUMNS], activity.stream({})), new Writable({ write: (chunk: Buffer, _e, done) => ((bytes.count += chunk.length), done()) })));
      if (!verify.result.valid || verify.result.rows !== rows) throw new Error(`verify did not pass all rows: ${JSON.stringify(verify.result)}`);
      return {
        rows,
        fillSeconds: round(fillSeconds),
        verify: { seconds: verify.seconds, rowsPerSecond: Math.round(rows / verify.seconds), rssBeforeMb: verify.rssBeforeMb, peakRssMb: verify.peakRssMb, rssAtTenPercentMb: verify.rssAtTenPercentMb },
        csv: { seconds: csv.seconds, megabytes: round(bytes.count / 1e6), rowsPerSecond: Math.round(rows / csv.seconds), rssBeforeMb: csv.rssBeforeMb, peakRssMb: csv.peakRssMb, rssAtTenPercentMb: csv.rssAtTenPercentMb },
      };
    } finally {
      await sequelize.close();
    }
  } finally {
    await postgres.stop();
  }
}

/** Valid chained rows, hashed here and inserted 5,000 per statement. */
async function fill(url: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let prevHash: string | null = null;
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let first = 1; first <= rows; first += BATCH) {
      const columns: unknown[][] = Array.from({ length: 16 }, () => []);
      for (let n = first; n < Math.min(first + BATCH, rows + 1); n += 1) {
        const entry: ActivityEntry = {
          user_id: `user-${n % 97}`, action_type: n % 5 === 0 ? 'edit' : 'view', resource_type: 'episode', resource_id: n % 5000,
          old_values: null, new_values: { method: 'GET', path: `/api/v1/episodes/${n % 5000}`, status: 200 }, ip_address: '203.0.113.9',
          user_agent: n % 1000 === 0 ? '=cmd|" /c calc"!A1' : 'curl/8.5.0', correlation_id: `req-${n}`, outcome: 'success',
          event_id: `bench-${n}`, event_type: 'access.recorded', occurred_at: new Date(start + n * 1000).toISOString(),
        };
        const hash = chainHash(entry, prevHash);
        const values = [entry.user_id, entry.action_type, entry.resource_type, entry.resource_id, JSON.stringify(entry.new_values), entry.ip_address, entry.user_agent, entry.correlation_id, entry.outcome, entry.event_id, entry.event_type, entry.occurred_at, prevHash, hash, 2, n];
        values.forEach((value, index) => columns[index]!.push(value));
        prevHash = hash;
      }
      await client.query(
        `INSERT INTO activity_logs (user_id, action_type, resource_type, resource_id, new_values, ip_address, user_agent, correlation_id, outcome, event_id, event_type, occurred_at, prev_hash, hash, hash_version, id, recorded_at)
         SELECT u, a, r, ri, nv::jsonb, ip, ua, c, o, e, t, oa::timestamptz, ph, h, hv, i, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::bigint[])
           AS x(u, a, r, ri, nv, ip, ua, c, o, e, t, oa, ph, h, hv, i)`,
        columns,
      );
    }
    await client.query(`SELECT setval('activity_logs_id_seq', ${rows})`);
  } finally {
    await client.end();
  }
}

/** Runs `work`, sampling this process's RSS every 50 ms: before, the first sample after 1 s (early in the run), and the peak. */
async function measured<T>(work: () => Promise<T>) {
  global.gc?.();
  const rssBeforeMb = mb(process.memoryUsage.rss());
  let peak = 0;
  let early: number | undefined;
  const started = performance.now();
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    if (early === undefined && performance.now() - started > 1000) early = rss;
  }, 50);
  try {
    const result = await work();
    return { result, seconds: round((performance.now() - started) / 1000), rssBeforeMb, peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())), rssAtTenPercentMb: early === undefined ? null : mb(early) };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e6);
const round = (value: number) => Math.round(value * 100) / 100;

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await auditScaleBench(), null, 2));
