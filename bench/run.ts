/**
 * `npm run bench`: boots the system as `npm start` does (throwaway state) and measures
 *  1. GET /api/v1/episodes/:id through the gateway (valid token) vs a bare single-process
 *     Koa + pg handler serving the same row: req/s, p50, p99, ratio (target ≥ 0.5×);
 *  2. the delay from a POST /episodes 201 to its audit row being visible (target p99 ≤ 250 ms);
 *  3. `npm start` ready time (target ≤ 20 s) and each service's idle RSS (target ≤ 150 MB);
 *  4. thumbnail uploads of a 1920×1080 JPEG through the gateway (4 clients) vs bare sharp doing
 *     the same decode/resize/encode in-process: images/s, ratio (target ≥ 0.8×), media's peak RSS
 *     (target < 300 MB);
 *  5. a thumbnail_generation job for 10 frames of a generated 10-minute 1080p video, request to
 *     completed through the API, vs a bare script doing the same extraction and encoding
 *     (target ≤ 1.5×);
 *  6. (only with BENCH_PARTS including `video`) real-size video: multipart upload MB/s of a ≥ 2 GB
 *     1080p file through the emulator, a 10-frame job and metadata extraction on it and on a
 *     ~20 MB one read by presigned URL (ratio target ≤ 1.5), the temp disk's peak use
 *     (bench/video-scale.ts; also runnable alone).
 *  7. (only with BENCH_PARTS including `audit`) audit at scale (bench/audit-scale.ts): verify over
 *     BENCH_AUDIT_ROWS (default 1,000,000) rows and a CSV export of all of them, time and peak RSS.
 *  The read benchmark runs in the gateway's AUDIT_ACCESS_MODE (children inherit it: run it once
 *  with `AUDIT_ACCESS_MODE=best-effort` to compare); its result names the mode.
 *  8. upload admission under a flood (bench/upload-flood.ts): 50 concurrent 15 MiB uploads through
 *     the gateway, each retried after its 503's Retry-After until taken; media's peak RSS.
 *  The gateway's rate limits are raised for the run (GATEWAY_RATE_LIMITS, inherited by the
 *  children): one admin token drives 50 connections, far above a person's default bucket.
 * Results are printed and written to bench/results/<timestamp>.json.
 * BENCH_DURATION (seconds, default 10) and BENCH_WRITES (default 200) shorten a run;
 * BENCH_PARTS (default `reads,uploads,processing,flood`) picks the parts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Koa from 'koa';
import pg from 'pg';
import { listen, closeServer } from '@episodic/http';
import { bootSystem } from '../tests/e2e/system.ts';
import { DATABASES } from '../infra/local/settings.ts';
import { processingBench } from './processing.ts';
import { uploadBench } from './uploads.ts';
import { uploadFloodBench } from './upload-flood.ts';
import { videoScaleBench } from './video-scale.ts';
import { auditScaleBench } from './audit-scale.ts';

const duration = Number(process.env['BENCH_DURATION'] ?? 10);
const writes = Number(process.env['BENCH_WRITES'] ?? 200);
const parts = new Set((process.env['BENCH_PARTS'] ?? 'reads,uploads,processing,flood').split(','));
process.env['GATEWAY_RATE_LIMITS'] ??= 'anonymous=100000/100000,viewer=100000/100000,editor=100000/100000,admin=100000/100000,system=100000/100000';

const bootStarted = Date.now();
const system = await bootSystem();
const readyMs = Date.now() - bootStarted;
try {
  const admin = await system.issuer.sign({ role: 'admin', expiresInSec: 3600 });
  const created = await fetch(`${system.gatewayUrl}/api/v1/episodes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ show_name: 'Bench', season_number: 1, episode_number: 1, episode_title: 'Load', rating: 7.5 }),
  });
  const episode = (await created.json()) as { id: number };
  const idleRss = rssOf(system.services);

  const uploads = parts.has('uploads')
    ? await uploadBench({ gatewayUrl: system.gatewayUrl, token: admin, episodeId: episode.id, mediaPid: system.services['media']!.pid, seconds: duration, clients: 4, cpuSeconds: () => cpuSecondsOf(system.services) })
    : undefined;
  const processing = parts.has('processing') ? await processingBench({ gatewayUrl: system.gatewayUrl, token: admin }) : undefined;
  const flood = parts.has('flood')
    ? await uploadFloodBench({ gatewayUrl: system.gatewayUrl, token: admin, episodeId: episode.id, mediaPid: system.services['media']!.pid, clients: 50, megabytes: 15 })
    : undefined;
  const reads = parts.has('reads') ? await readBench(episode.id, admin) : undefined;
  const video = parts.has('video') ? await videoScaleBench() : undefined;
  const audit = parts.has('audit') ? await auditScaleBench() : undefined;

  const results = {
    at: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    ...reads,
    uploads,
    processing,
    uploadFlood: flood,
    video,
    audit,
    startReadyMs: readyMs,
    idleRssMb: idleRss,
  };
  console.log(JSON.stringify(results, null, 2));
  const folder = join(import.meta.dirname, 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${results.at.replaceAll(':', '-')}.json`), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await system.stop();
}

/** Parts 1 and 2: writes first, because every read under load queues an access.recorded event for audit. */
async function readBench(episodeId: number, token: string) {
  const auditDelay = await writeToAuditDelays(system.gatewayUrl, token, system.postgresUrl(DATABASES.audit));
  const cpuBefore = cpuSecondsOf(system.services);
  const gateway = await load(`${system.gatewayUrl}/api/v1/episodes/${episodeId}`, { authorization: `Bearer ${token}` });
  const cpuDuringReads = Object.fromEntries(Object.entries(cpuSecondsOf(system.services)).map(([name, seconds]) => [name, round(seconds - cpuBefore[name]!)]));
  const bare = await bareHandler(system.postgresUrl(DATABASES.catalog), episodeId);
  return {
    read: { accessMode: process.env['AUDIT_ACCESS_MODE'] ?? 'acknowledged', gateway, bare, cpuSecondsDuringGatewayLoad: cpuDuringReads, ratio: Math.round((gateway.requestsPerSecond / bare.requestsPerSecond) * 100) / 100, target: '>= 0.5' },
    writeToAudit: { ...auditDelay, target: 'p99 <= 250 ms' },
  };
}

async function load(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, headers, connections: 50, duration });
  return {
    requestsPerSecond: round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** The floor: one process, one Koa handler, one pg query for the same row. */
async function bareHandler(databaseUrl: string, id: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = new Koa();
  app.use(async (ctx) => {
    const { rows } = await pool.query('SELECT * FROM episodes WHERE id = $1 AND deleted_at IS NULL', [Number(ctx.path.split('/').at(-1))]);
    ctx.body = rows[0];
  });
  const { server, url } = await listen(app, 0);
  try {
    return await load(`${url}/api/v1/episodes/${id}`, {});
  } finally {
    await closeServer(server);
    await pool.end();
  }
}

/** For each POST: time from its 201 to the audit row (by correlation id) being visible in audit's database. */
async function writeToAuditDelays(gatewayUrl: string, token: string, auditDatabaseUrl: string) {
  const audit = new pg.Client({ connectionString: auditDatabaseUrl });
  await audit.connect();
  const delays: number[] = [];
  try {
    for (let i = 0; i < writes; i += 1) {
      const requestId = `bench-${Date.now()}-${i}`;
      const response = await fetch(`${gatewayUrl}/api/v1/episodes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ show_name: 'Bench writes', season_number: 1, episode_number: i + 1, episode_title: `Write ${i}` }),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
      const written = performance.now();
      const deadline = written + 5000;
      for (;;) {
        const { rowCount } = await audit.query("SELECT 1 FROM activity_logs WHERE correlation_id = $1 AND action_type = 'create'", [requestId]);
        if (rowCount) break;
        if (performance.now() > deadline) throw new Error(`no audit row for ${requestId} after 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      delays.push(performance.now() - written);
    }
  } finally {
    await audit.end();
  }
  delays.sort((a, b) => a - b);
  const at = (q: number) => round(delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!);
  return { writes: delays.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(delays.at(-1)!) };
}

function rssOf(services: Record<string, { pid: number }>) {
  return Object.fromEntries(Object.entries(services).map(([name, { pid }]) => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return [name, round(kb / 1024)];
  }));
}

/** CPU seconds (user + system) each service has used so far, from /proc. */
function cpuSecondsOf(services: Record<string, { pid: number }>): Record<string, number> {
  return Object.fromEntries(Object.entries(services).map(([name, { pid }]) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return [name, (Number(fields[11]) + Number(fields[12])) / 100];
  }));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
