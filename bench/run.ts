/**
 * `npm run bench`: issue 12's figures, each next to its target, measured fairly.
 *
 * Processes: the system (embedded PostgreSQL, the SNS/SQS/S3 emulator, the token issuer and the
 * five services, as `npm start` boots them, with throwaway state) runs in bench/system-host.ts;
 * the bare Koa + pg reference in bench/bare-handler.ts (started like a service); bare sharp in
 * bench/bare-sharp.ts; autocannon and the writer here. All are stopped at the end, on Ctrl-C and
 * on failure. Before each measurement the system settles (bench/settle.ts): audit's queues empty
 * and the system's CPU idle; each measurement reports how long that took.
 *
 * Parts (BENCH_PARTS, default `reads,uploads,processing,flood`):
 *  - footprint (always, with a system): ready time (target ≤ 10 s), each service's RSS idle after
 *    start (≤ 100 MB) and after the reads settle (≤ 120 MB);
 *  - reads (bench/reads.ts): GET /api/v1/episodes/:id, bare and gateway alternated for
 *    BENCH_ROUNDS rounds of BENCH_DURATION s at 50 connections, 2xx only: median ratio (≥ 0.5)
 *    and p99 ratio (≤ 4); a BENCH_SUSTAINED_SECONDS gateway load, its ratio to the median bare
 *    figure and the time until audit holds every read (≤ 2 s); a create every
 *    BENCH_WRITE_INTERVAL_MS during one more gateway round (left out of the medians: the creates
 *    and their row look-ups ride along), 201 → audit row p99 (≤ 50 ms), and BENCH_WRITES of them
 *    idle, before any load, for comparison. In each of BENCH_ACCESS_MODES (the system restarts
 *    between modes);
 *  - uploads (bench/uploads.ts): 1080p JPEG thumbnails through the gateway vs bare sharp, 4
 *    clients each (≥ 0.85×), media's peak RSS (≤ 250 MB);
 *  - processing (bench/processing.ts): a 10-frame job through the API vs a bare script (≤ 1.5×);
 *  - flood (bench/upload-flood.ts): 50 × 15 MiB uploads at once, media's peak RSS (< 400 MB);
 *  - video (bench/video-scale.ts, not default): ≥ 2 GB video, multipart upload, jobs (≤ 1.5×);
 *  - audit (bench/audit-scale.ts, not default): verify and CSV export of BENCH_AUDIT_ROWS rows;
 *  - scale (bench/scale.ts, not default, minutes): 1M episodes and 1M activity rows, p50/p99 and plans.
 *  The video, audit and scale parts run after the system has stopped.
 *
 * Knobs: BENCH_PARTS; BENCH_ACCESS_MODES (default AUDIT_ACCESS_MODE or `acknowledged`; e.g.
 * `acknowledged,best-effort`); BENCH_ROUNDS (3, at least 2); BENCH_DURATION (10 s);
 * BENCH_SUSTAINED_SECONDS (60); BENCH_WRITE_INTERVAL_MS (300); BENCH_WRITES (idle creates, 30);
 * BENCH_LOG_LEVEL (the services', warn); BENCH_IDLE_CPU_PERCENT (5); BENCH_SETTLE_TIMEOUT_S (180).
 * The gateway's rate limits are raised (GATEWAY_RATE_LIMITS): one token drives 50 connections.
 *
 * Results: printed, and written to bench/results/<timestamp>.json, .md (every figure, its target,
 * met or missed, the conditions) and .svg (latency percentiles by scenario); the last two are
 * copied to bench/results/latest.md and latest.svg. Quick run while developing:
 *   flock /tmp/episodic-bench.lock env BENCH_PARTS=reads BENCH_DURATION=5 BENCH_ROUNDS=2 BENCH_SUSTAINED_SECONDS=10 npm run bench
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditScaleBench } from './audit-scale.ts';
import { processingBench } from './processing.ts';
import { cpuBetween, settledRss, treeCpu } from './processes.ts';
import { progress, readBench } from './reads.ts';
import { markdownOf, writeReports } from './report.ts';
import { settler } from './settle.ts';
import type { BenchResults } from './summary.ts';
import { startHost, stopEverything, stopOnExit, type HostedSystem } from './system.ts';
import { uploadFloodBench } from './upload-flood.ts';
import { uploadBench } from './uploads.ts';
import { videoScaleBench } from './video-scale.ts';

const knob = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const parts = (process.env['BENCH_PARTS'] ?? 'reads,uploads,processing,flood').split(',').map((part) => part.trim());
const has = (part: string) => parts.includes(part);
const accessModes = (process.env['BENCH_ACCESS_MODES'] ?? process.env['AUDIT_ACCESS_MODE'] ?? 'acknowledged').split(',').map((mode) => mode.trim());
const conditions = {
  parts,
  accessModes: has('reads') ? accessModes : accessModes.slice(0, 1),
  rounds: Math.max(2, knob('BENCH_ROUNDS', 3)),
  durationSeconds: knob('BENCH_DURATION', 10),
  sustainedSeconds: knob('BENCH_SUSTAINED_SECONDS', 60),
  connections: 50,
  writeIntervalMs: knob('BENCH_WRITE_INTERVAL_MS', 300),
  idleWrites: knob('BENCH_WRITES', 30),
  logLevel: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
  idleCpuPercent: knob('BENCH_IDLE_CPU_PERCENT', 5),
};
const RATE_LIMITS = 'anonymous=100000/100000,viewer=100000/100000,editor=100000/100000,admin=100000/100000,system=100000/100000';

const results: BenchResults = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1e8) / 10, node: process.version, loadAverageAtStart: loadavg() },
  conditions,
  reads: [],
};

try {
  if (['reads', 'uploads', 'processing', 'flood'].some(has)) {
    await warmUp();
    for (const [index, mode] of conditions.accessModes.entries()) await withSystem(mode, index === 0);
  }
  if (has('video')) progress('video: real-size video (bench/video-scale.ts)');
  if (has('video')) results.video = await videoScaleBench();
  if (has('audit')) progress('audit: verify and export at scale (bench/audit-scale.ts)');
  if (has('audit')) results.audit = await auditScaleBench();
  if (has('scale')) progress(`scale: episodes and activity rows at ${process.env['BENCH_SCALE_SIZES'] ?? 'its default sizes'} (bench/scale.ts)`);
  if (has('scale')) results.scale = await scalePart();
  results.machine.loadAverageAtEnd = loadavg();
  console.log(JSON.stringify(results, null, 2));
  const written = writeReports(results, join(import.meta.dirname, 'results'));
  console.log(`\n${markdownOf(results, written.svg)}\nWritten: ${written.json}, ${written.markdown}, ${written.svg}`);
} finally {
  await stopEverything();
}

/**
 * One start and stop before measuring: it fills Node's compile cache (node_modules/.cache), as
 * any earlier `npm start` does, so the figures are those of a returning user's start. (The very
 * first start after a change strips the TypeScript of the changed files again: slower, and about
 * 20 MB more RSS per service that loaded the stripper.)
 */
async function warmUp(): Promise<void> {
  progress('warm-up start (fills the compile cache)');
  const system = await startHost({ BENCH_LOG_LEVEL: conditions.logLevel });
  results.warmUpReadyMs = system.readyMs;
  await system.stop();
}

/** One system in one access mode: the footprint and every system part the first time, the reads in each mode. */
async function withSystem(mode: string, first: boolean): Promise<void> {
  progress(`starting the system (AUDIT_ACCESS_MODE=${mode})`);
  const system = await startHost({ AUDIT_ACCESS_MODE: mode, GATEWAY_RATE_LIMITS: process.env['GATEWAY_RATE_LIMITS'] ?? RATE_LIMITS, BENCH_LOG_LEVEL: conditions.logLevel });
  const quiet = settler({ emulatorUrl: system.emulatorUrl, roots: () => [system.hostPid] });
  const closeQuiet = stopOnExit(async () => quiet.close());
  try {
    const episodeId = await createEpisode(system);
    (results.idleCpuFloorPercent ??= {})[mode] = await quiet.calibrate();
    progress(`ready in ${system.readyMs} ms; idle CPU floor ${results.idleCpuFloorPercent[mode]} % of a core`);
    if (first) {
      results.startReadyMs = system.readyMs;
      results.idleSettle = await quiet.settle();
      const idle = await settledRss(system.services);
      results.idleRssMb = idle.rssMb;
      results.rssSettleMs = { idle: idle.waitedMs };
    }
    if (has('reads')) {
      results.reads.push(await readBench({ system, settle: quiet.settle, mode, episodeId, rounds: conditions.rounds, seconds: conditions.durationSeconds, sustainedSeconds: conditions.sustainedSeconds, writeIntervalMs: conditions.writeIntervalMs, idleWrites: conditions.idleWrites }));
      if (first) {
        await quiet.settle();
        const after = await settledRss(system.services);
        results.rssAfterReadsMb = after.rssMb;
        results.rssSettleMs = { ...results.rssSettleMs, afterReads: after.waitedMs };
      }
    }
    if (!first) return;
    const { admin } = system.tokens;
    const media = system.services['media']!;
    const labels = { ...system.services, host: system.hostPid };
    const cpuStart = treeCpu([system.hostPid]);
    const cpuSeconds = () => cpuBetween(cpuStart, treeCpu([system.hostPid]), labels);
    if (has('uploads')) progress(`uploads: ${conditions.durationSeconds} s through the gateway, then bare sharp`);
    if (has('uploads')) results.uploads = await uploadBench({ gatewayUrl: system.gatewayUrl, token: admin, episodeId, mediaPid: media, seconds: conditions.durationSeconds, clients: 4, cpuSeconds, settle: quiet.settle });
    if (has('processing')) {
      progress('processing: a 10-frame job through the API, then the bare script');
      await quiet.settle();
      results.processing = await processingBench({ gatewayUrl: system.gatewayUrl, token: admin });
    }
    if (has('flood')) {
      progress('flood: 50 uploads of 15 MiB at once');
      await quiet.settle();
      results.uploadFlood = await uploadFloodBench({ gatewayUrl: system.gatewayUrl, token: admin, episodeId, mediaPid: media, clients: 50, megabytes: 15 });
    }
  } finally {
    await closeQuiet();
    await system.stop();
  }
}

async function createEpisode(system: HostedSystem): Promise<number> {
  const created = await fetch(`${system.gatewayUrl}/api/v1/episodes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${system.tokens.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ show_name: 'Bench', season_number: 1, episode_number: 1, episode_title: 'Load', rating: 7.5 }),
  });
  if (created.status !== 201) throw new Error(`creating the bench episode answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { id: number }).id;
}

/** H3's bench/scale.ts when it exists (guarded: the bench runs without it). */
async function scalePart(): Promise<Record<string, unknown>> {
  const file = join(import.meta.dirname, 'scale.ts');
  if (!existsSync(file)) return { skipped: 'bench/scale.ts does not exist yet' };
  const module = (await import(pathToFileURL(file).href)) as { scaleBench?: () => Promise<object> };
  if (typeof module.scaleBench !== 'function') return { skipped: 'bench/scale.ts exports no scaleBench()' };
  return (await module.scaleBench()) as Record<string, unknown>;
}
