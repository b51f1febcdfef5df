import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartOf, scenariosOf } from './chart.ts';
import { median } from './stats.ts';
import { figuresOf, number, type BenchResults, type ReadResult, type Status } from './summary.ts';

const MARK: Record<Status, string> = { met: '✅ met', missed: '❌ missed', 'no target': '—', 'not measured': '—' };

/** The summary a reader sees first: conditions, every figure next to its target, the chart, then the read rounds. */
export function markdownOf(results: BenchResults, chartFile: string): string {
  const figures = figuresOf(results);
  const judged = figures.filter((f) => f.status === 'met' || f.status === 'missed');
  const lines = [
    `# Benchmark of ${results.at}`,
    '',
    conditionsOf(results),
    '',
    `**${judged.filter((f) => f.status === 'met').length} of ${judged.length} targets met.**`,
    '',
    '| Section | Figure | Measured | Target | Met |',
    '|---|---|---|---|---|',
    ...figures.map((f) => `| ${cell(f.section)} | ${cell(f.figure)} | ${cell(f.measured)} | ${cell(f.target)} | ${MARK[f.status]} |`),
    '',
    `![Latency percentiles by scenario (p50, p90, p99; log scale)](${chartFile})`,
    '',
  ];
  for (const reads of results.reads) lines.push(...roundsOf(reads), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function conditionsOf(results: BenchResults): string {
  const { machine, conditions: c } = results;
  const load = (values: number[] | undefined) => (values ? values.map((v) => v.toFixed(2)).join(' / ') : '?');
  return [
    `**Machine:** ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}; load average ${load(machine.loadAverageAtStart)} at the start, ${load(machine.loadAverageAtEnd)} at the end`
      + ' (other work on the machine makes the figures noisy: compare ratios from the same run).',
    `**Conditions:** parts ${c.parts.join(', ')}`
      + (results.reads.length === 0 ? '.' : `; access mode ${c.accessModes.join(' and ')}; ${c.rounds} alternated bare/gateway rounds of ${c.durationSeconds} s at ${c.connections} connections;`
      + ` sustained ${c.sustainedSeconds} s; a create every ${c.writeIntervalMs} ms during one more gateway round, left out of the medians (and ${c.idleWrites} idle, before any load); services log at ${c.logLevel};`
      + ` before each measurement audit's queues are empty and the system's CPU over 1 s is at most ${c.idleCpuPercent} % of a core above its idle floor`
      + ` (${Object.entries(results.idleCpuFloorPercent ?? {}).map(([mode, floor]) => `${number(floor)} % in ${mode}`).join(', ') || 'not measured'}).`),
    'The system (PostgreSQL, emulator, issuer, services), the bare handler and bare sharp each run in their own processes; the load generator runs in the bench process.',
    ...(results.warmUpReadyMs === undefined ? [] : [`A warm-up start (ready in ${number(results.warmUpReadyMs / 1000)} s) filled Node's compile cache first, as any earlier \`npm start\` does; footprint RSS is read once it stopped falling (${number((results.rssSettleMs?.idle ?? 0) / 1000)} s idle, ${number((results.rssSettleMs?.afterReads ?? 0) / 1000)} s after the reads).`]),
  ].join('\n');
}

function roundsOf(reads: ReadResult): string[] {
  const cpu = (key: 'bare' | 'gateway') => {
    const names = Object.keys(reads.rounds[0]?.[key].cpuSeconds ?? {});
    const medians = names.map((name) => [name, median(reads.rounds.map((r) => (r[key].cpuSeconds as Record<string, number>)[name] ?? 0))] as const);
    return medians.filter(([, seconds]) => seconds >= 0.1).map(([name, seconds]) => `${name} ${number(seconds)}`).join(', ');
  };
  const s = reads.sustained;
  const w = reads.writerRound;
  const ratio = (requestsPerSecond: number) => requestsPerSecond / reads.median.bareRequestsPerSecond;
  return [
    `## Read rounds, ${reads.accessMode} (GET /api/v1/episodes/:id, ${reads.connections} connections)`,
    '',
    '| Round | Bare req/s | Bare p99 ms | Gateway req/s | Gateway p99 ms | Ratio | p99 ratio | Gateway non-2xx | Settled before (bare / gateway) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...reads.rounds.map((r) => `| ${r.round} | ${number(r.bare.requestsPerSecond)} | ${number(r.bare.p99Ms)} | ${number(r.gateway.requestsPerSecond)} | ${number(r.gateway.p99Ms)} | ${number(r.ratio)} | ${number(r.p99Ratio)} | ${r.gateway.non2xx} | ${settled(r.bare)} / ${settled(r.gateway)} |`),
    `| gateway + a create every ${reads.writeToAudit.underLoad?.intervalMs ?? '?'} ms (not in the medians) | | | ${number(w.requestsPerSecond)} | ${number(w.p99Ms)} | ${number(ratio(w.requestsPerSecond))} | | ${w.non2xx} | ${settled(w)} |`,
    `| sustained ${number(s.seconds)} s | | | ${number(s.requestsPerSecond)} | ${number(s.p99Ms)} | ${number(s.ratio)} | | ${s.non2xx} | ${settled(s)} |`,
    '',
    `CPU seconds per round (median): gateway rounds: ${cpu('gateway')}; bare rounds: ${cpu('bare')}.`,
    `Audit drain after the sustained load: ${s.drainMs === null ? `not complete, ${s.accessRowsMissing} access rows missing after 120 s` : `${number(s.drainMs)} ms`}.`,
  ];
}

const settled = (measurement: { settleMs: number; settled: boolean }) => `${number(measurement.settleMs / 1000)} s${measurement.settled ? '' : ' (gave up)'}`;
const cell = (text: string) => text.replaceAll('|', '\\|');

/** Writes <stamp>.json, <stamp>.md and <stamp>.svg into `folder`, and copies the last two to latest.md / latest.svg. */
export function writeReports(results: BenchResults, folder: string): { json: string; markdown: string; svg: string } {
  mkdirSync(folder, { recursive: true });
  const stamp = results.at.replaceAll(':', '-');
  const file = (extension: string) => join(folder, `${stamp}.${extension}`);
  const title = `Latency by scenario, ${results.at.slice(0, 16).replace('T', ' ')} UTC`;
  writeFileSync(file('json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(file('svg'), chartOf(scenariosOf(results), title));
  writeFileSync(file('md'), markdownOf(results, `${stamp}.svg`));
  writeFileSync(join(folder, 'latest.md'), markdownOf(results, 'latest.svg'));
  copyFileSync(file('svg'), join(folder, 'latest.svg'));
  return { json: file('json'), markdown: file('md'), svg: file('svg') };
}
