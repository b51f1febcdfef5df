import autocannon from 'autocannon';
import pg from 'pg';
import { sleep } from '@episodic/core';
import { freePort, launchService } from '@episodic/testing';
import { join } from 'node:path';
import { benchCpuSince, cpuBetween, treeCpu } from './processes.ts';
import type { SettleReport } from './settle.ts';
import { median, round } from './stats.ts';
import { BENCH_USERS } from './system-host.ts';
import { stopOnExit, type HostedSystem } from './system.ts';
import { writeToAudit, type WriteToAudit } from './write-audit.ts';

export interface ReadOptions {
  system: HostedSystem;
  settle: () => Promise<SettleReport>;
  mode: string;
  episodeId: number;
  rounds: number;
  seconds: number;
  sustainedSeconds: number;
  writeIntervalMs: number;
  idleWrites: number;
}

export type LoadResult = Awaited<ReturnType<typeof load>>;
type During = (running: () => boolean) => Promise<WriteToAudit>;
type Run = (url: string, headers: Record<string, string>, seconds: number, during?: During) => Promise<LoadResult>;

const CONNECTIONS = 50;
const DRAIN_WAIT_MS = 120_000;

/**
 * Targets 1 and 2 of issue 12, in one access mode: alternated rounds of bare and gateway reads
 * (the system settled before each), the write → audit delay idle and during one more gateway
 * round, and a sustained gateway load with the time the audit log takes to hold every read it served.
 */
export async function readBench(options: ReadOptions) {
  const { system } = options;
  const bare = await startBareHandler(system.catalogDatabaseUrl);
  try {
    const labels = { ...system.services, host: system.hostPid, bare: bare.pid };
    const roots = [system.hostPid, bare.pid];
    const run: Run = (url, headers, seconds, during) => load(url, headers, seconds, roots, labels, during);
    const measure = async (what: string, url: string, headers: Record<string, string>, seconds: number, during?: During) => {
      const settled = await options.settle();
      progress(`reads (${options.mode}): ${what}, ${seconds} s (settled in ${settled.ms} ms)`);
      return { ...(await run(url, headers, seconds, during)), settleMs: settled.ms, settled: settled.settled };
    };
    const writes = (running?: () => boolean) => writeToAudit({
      gatewayUrl: system.gatewayUrl, token: system.tokens.writer, auditDatabaseUrl: system.auditDatabaseUrl,
      intervalMs: options.writeIntervalMs, label: `${options.mode}-${running ? 'load' : 'idle'}`,
      ...(running ? { until: running } : { count: options.idleWrites }),
    });
    await options.settle();
    progress(`reads (${options.mode}): ${options.idleWrites} creates, idle`);
    const writeIdle = await writes();

    const gatewayUrl = `${system.gatewayUrl}/api/v1/episodes/${options.episodeId}`;
    const reader = { authorization: `Bearer ${system.tokens.reader}` };
    const rounds = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const { writes: _none, ...bareRound } = await measure(`round ${round}, bare`, `${bare.url}/api/v1/episodes/${options.episodeId}`, {}, options.seconds);
      const { writes: _nor, ...gatewayRound } = await measure(`round ${round}, gateway`, gatewayUrl, reader, options.seconds);
      rounds.push({ round, bare: bareRound, gateway: gatewayRound, ratio: ratioOf(gatewayRound.requestsPerSecond, bareRound.requestsPerSecond), p99Ratio: ratioOf(gatewayRound.p99Ms, bareRound.p99Ms) });
    }
    // One more gateway round with the writer, from 0.5 s into it to its end; its reads are reported
    // beside the rounds but left out of the medians (creates and their row look-ups ride along).
    const { writes: writeUnderLoad, ...writerRound } = await measure('gateway with a writer', gatewayUrl, reader, options.seconds, async (running) => ((await sleep(500)), writes(running)));
    const bareMedian = median(rounds.map((r) => r.bare.requestsPerSecond));
    const sustained = await sustainedLoad({ ...options, url: gatewayUrl, headers: reader, run });
    return {
      accessMode: options.mode,
      connections: CONNECTIONS,
      rounds,
      median: {
        bareRequestsPerSecond: round(bareMedian),
        gatewayRequestsPerSecond: round(median(rounds.map((r) => r.gateway.requestsPerSecond))),
        ratio: round(median(rounds.map((r) => r.ratio)), 2),
        bareP99Ms: round(median(rounds.map((r) => r.bare.p99Ms))),
        gatewayP99Ms: round(median(rounds.map((r) => r.gateway.p99Ms))),
        p99Ratio: round(median(rounds.map((r) => r.p99Ratio)), 2),
      },
      sustained: { ...sustained, ratio: ratioOf(sustained.requestsPerSecond, bareMedian) },
      writerRound,
      writeToAudit: { idle: writeIdle, underLoad: writeUnderLoad },
    };
  } finally {
    await bare.stop();
  }
}

/** The gateway load for BENCH_SUSTAINED_SECONDS, then the time until audit holds an access row for every 2xx read. */
async function sustainedLoad(options: ReadOptions & { url: string; headers: Record<string, string>; run: Run }) {
  const audit = new pg.Client({ connectionString: options.system.auditDatabaseUrl });
  await audit.connect();
  const accessRows = async () => Number((await audit.query("SELECT count(*) AS n FROM activity_logs WHERE user_id = $1 AND event_type = 'access.recorded'", [BENCH_USERS.reader])).rows[0].n);
  try {
    const settled = await options.settle();
    const before = await accessRows();
    progress(`reads (${options.mode}): sustained gateway load, ${options.sustainedSeconds} s (settled in ${settled.ms} ms)`);
    const { writes: _none, ...result } = await options.run(options.url, options.headers, options.sustainedSeconds);
    const ended = performance.now();
    const expected = before + result.requests2xx;
    let rows = await accessRows();
    while (rows < expected && performance.now() - ended < DRAIN_WAIT_MS) {
      await sleep(25);
      rows = await accessRows();
    }
    const drained = rows >= expected;
    return { ...result, settleMs: settled.ms, settled: settled.settled, drainMs: drained ? Math.round(performance.now() - ended) : null, accessRowsMissing: Math.max(0, expected - rows) };
  } finally {
    await audit.end();
  }
}

/** One autocannon run of 50 connections; only 2xx answers count as throughput. CPU seconds per process over the run. */
async function load(url: string, headers: Record<string, string>, seconds: number, roots: number[], labels: Record<string, number>, during?: During) {
  const cpuBefore = treeCpu(roots);
  const benchBefore = process.cpuUsage();
  let running = true;
  const alongside = during?.(() => running);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  running = false;
  const cpuSeconds = { ...cpuBetween(cpuBefore, treeCpu(roots), labels), bench: benchCpuSince(benchBefore) };
  return {
    seconds: result.duration,
    requests2xx: result['2xx'],
    requestsPerSecond: round(result['2xx'] / result.duration),
    non2xx: result.non2xx,
    status4xx: result['4xx'],
    status5xx: result['5xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    cpuSeconds,
    writes: await alongside,
  };
}

/** bench/bare-handler.ts as its own process, started the way `npm start` starts a service. */
async function startBareHandler(databaseUrl: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await launchService({ name: 'bare', entry: join(import.meta.dirname, 'bare-handler.ts'), env: { DATABASE_URL: databaseUrl, PORT: String(port) }, readyUrl: `${url}/ready` });
  return { url, pid: service.pid, stop: stopOnExit(() => service.stop()) };
}

/** A line on stderr saying what the bench does now (a full run takes minutes). */
export function progress(text: string): void {
  console.error(`bench ${new Date().toISOString().slice(11, 19)} ${text}`);
}

const ratioOf = (measured: number, reference: number) => round(measured / reference, 2);
