/**
 * Audit at scale (`BENCH_PARTS` including `audit`; also runnable alone: `node bench/audit-scale.ts`):
 * fills a fresh audit database with BENCH_AUDIT_ROWS (default 1,000,000) valid chained rows by
 * batched SQL (not the API; bench/load.ts's generator), then measures
 *  - verify over all of them (the service's streaming walk): time, rows/s, RSS before and peak;
 *  - a CSV export of all of them (the route's own stream, into a byte counter): time, MB, peak RSS.
 * Memory must stay flat: the peak should not grow with the row count.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { startPostgres } from '@episodic/testing';
import { createActivityRepository } from '../services/audit/src/data/activity-repository.ts';
import { verifyChain } from '../services/audit/src/domain/verification.ts';
import { csvStream } from '../services/audit/src/routes/csv.ts';
import { fillActivity } from './load.ts';

const MIGRATIONS = fileURLToPath(new URL('../migrations/audit', import.meta.url));
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
    await fillActivity(url, 1, rows, null);
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
