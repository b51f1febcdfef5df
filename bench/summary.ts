import type { readBench } from './reads.ts';
import type { SettleReport } from './settle.ts';
import type { uploadBench } from './uploads.ts';
import type { WriteToAudit } from './write-audit.ts';

export type ReadResult = Awaited<ReturnType<typeof readBench>>;

/** What `npm run bench` writes to bench/results/<timestamp>.json. */
export interface BenchResults {
  at: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  conditions: { parts: string[]; accessModes: string[]; rounds: number; durationSeconds: number; sustainedSeconds: number; connections: number; writeIntervalMs: number; idleWrites: number; logLevel: string; idleCpuPercent: number };
  startReadyMs?: number;
  idleRssMb?: Record<string, number>;
  idleSettle?: SettleReport;
  /** Per access mode: the system's CPU when idle, in % of a core (settling waits for this plus BENCH_IDLE_CPU_PERCENT). */
  idleCpuFloorPercent?: Record<string, number>;
  rssAfterReadsMb?: Record<string, number>;
  /** How long RSS took to stop falling before each footprint reading (ms). */
  rssSettleMs?: { idle?: number; afterReads?: number };
  /** Ready time of the warm-up start that filled the compile cache. */
  warmUpReadyMs?: number;
  reads: ReadResult[];
  uploads?: Awaited<ReturnType<typeof uploadBench>>;
  processing?: { ratio: number; api: { ms: number }; bare: { ms: number } };
  uploadFlood?: { mediaRssMb: { max: number } };
  video?: { frames10_ratio_long_to_short?: number };
  audit?: { rows: number; verify: { seconds: number; peakRssMb: number }; csv: { seconds: number; peakRssMb: number } };
  scale?: Record<string, unknown>;
}

export type Status = 'met' | 'missed' | 'no target' | 'not measured';

/** One line of the summary: a figure, what it measured, its target and whether it met it. */
export interface Figure {
  section: string;
  figure: string;
  measured: string;
  target: string;
  status: Status;
}

interface Target {
  op: '<=' | '>=' | '<';
  limit: number;
  unit?: string;
}

const meets = (value: number, { op, limit }: Target) => (op === '<=' ? value <= limit : op === '>=' ? value >= limit : value < limit);
const targetText = (target: Target | undefined) => (target ? `${{ '<=': '≤', '>=': '≥', '<': '<' }[target.op]} ${number(target.limit)}${target.unit ? ` ${target.unit}` : ''}` : '—');

/** A figure judged against its target; `value` null or undefined is reported as not measured (a miss when there is a target). */
function judged(section: string, figure: string, value: number | null | undefined, target: Target | undefined, measured?: string): Figure {
  if (value === null || value === undefined) return { section, figure, measured: measured ?? 'not measured', target: targetText(target), status: target ? 'missed' : 'not measured' };
  const status: Status = target ? (meets(value, target) ? 'met' : 'missed') : 'no target';
  return { section, figure, measured: measured ?? `${number(value)}${target?.unit ? ` ${target.unit}` : ''}`, target: targetText(target), status };
}

/** 1234.5 → "1,234.5"; two decimals at most. */
export function number(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 });
}

/** Every figure of the run next to its target (issue 12's targets, and each part's own). */
export function figuresOf(results: BenchResults): Figure[] {
  const figures: Figure[] = [];
  for (const reads of results.reads) figures.push(...readFigures(reads));
  if (results.startReadyMs !== undefined) figures.push(judged('Footprint', 'Start ready (services ready, no seed)', results.startReadyMs / 1000, { op: '<=', limit: 10, unit: 's' }));
  for (const [service, mb] of Object.entries(results.idleRssMb ?? {})) figures.push(judged('Footprint', `Idle RSS after start, ${service}`, mb, { op: '<=', limit: 100, unit: 'MB' }));
  for (const [service, mb] of Object.entries(results.rssAfterReadsMb ?? {})) figures.push(judged('Footprint', `RSS after the reads settle, ${service}`, mb, { op: '<=', limit: 120, unit: 'MB' }));
  const uploads = results.uploads;
  if (uploads) {
    figures.push(judged('Uploads', 'Gateway ÷ bare sharp images/s (1080p JPEG, 4 clients)', uploads.ratio, { op: '>=', limit: 0.85 }, `${number(uploads.ratio)} (${number(uploads.gateway.imagesPerSecond)} vs ${number(uploads.bareSharp.imagesPerSecond)} images/s)`));
    figures.push(judged('Uploads', 'Media peak RSS during uploads', uploads.mediaRssMb.max, { op: '<=', limit: 250, unit: 'MB' }));
  }
  if (results.processing) figures.push(judged('Processing', '10-frame job through the API ÷ bare script', results.processing.ratio, { op: '<=', limit: 1.5 }, `${number(results.processing.ratio)} (${number(results.processing.api.ms)} vs ${number(results.processing.bare.ms)} ms)`));
  if (results.uploadFlood) figures.push(judged('Upload flood', 'Media peak RSS, 50 × 15 MiB at once', results.uploadFlood.mediaRssMb.max, { op: '<', limit: 400, unit: 'MB' }));
  if (results.video) figures.push(judged('Video', '10-frame job, ≥ 2 GB ÷ 20 MB video', results.video.frames10_ratio_long_to_short, { op: '<=', limit: 1.5 }));
  if (results.audit) {
    figures.push(judged('Audit at scale', `Verify ${number(results.audit.rows)} rows`, results.audit.verify.seconds, undefined, `${number(results.audit.verify.seconds)} s, peak RSS ${results.audit.verify.peakRssMb} MB`));
    figures.push(judged('Audit at scale', `CSV export of ${number(results.audit.rows)} rows`, results.audit.csv.seconds, undefined, `${number(results.audit.csv.seconds)} s, peak RSS ${results.audit.csv.peakRssMb} MB`));
  }
  if (results.scale) figures.push(...scaleFigures(results.scale));
  return figures;
}

function readFigures(reads: ReadResult): Figure[] {
  const section = `Audited reads (${reads.accessMode})`;
  const { median, sustained, writeToAudit } = reads;
  const gatewayNon2xx = reads.rounds.reduce((sum, round) => sum + round.gateway.non2xx, 0) + reads.writerRound.non2xx + sustained.non2xx;
  return [
    judged(section, `Gateway ÷ bare req/s, median of ${reads.rounds.length} alternated rounds (2xx only)`, median.ratio, { op: '>=', limit: 0.5 }, `${number(median.ratio)} (${number(median.gatewayRequestsPerSecond)} vs ${number(median.bareRequestsPerSecond)} req/s)`),
    judged(section, 'Gateway p99 ÷ bare p99, median of the rounds', median.p99Ratio, { op: '<=', limit: 4 }, `${number(median.p99Ratio)} (${number(median.gatewayP99Ms)} vs ${number(median.bareP99Ms)} ms)`),
    judged(section, `Sustained ${number(sustained.seconds)} s: gateway ÷ median bare req/s`, sustained.ratio, { op: '>=', limit: 0.5 }, `${number(sustained.ratio)} (${number(sustained.requestsPerSecond)} req/s)`),
    judged(section, 'Sustained: from load end until every read is in the audit log', sustained.drainMs === null ? null : sustained.drainMs / 1000, { op: '<=', limit: 2, unit: 's' },
      sustained.drainMs === null ? `not drained: ${number(sustained.accessRowsMissing)} access rows missing after 120 s` : undefined),
    judged(section, 'Non-2xx answers to gateway reads (not counted as served)', gatewayNon2xx, { op: '<=', limit: 0 }),
    ...writeFigures(section, 'during the gateway reads', writeToAudit.underLoad, { op: '<=', limit: 50, unit: 'ms' }),
    ...writeFigures(section, 'idle (for comparison)', writeToAudit.idle, undefined),
  ];
}

function writeFigures(section: string, when: string, writes: WriteToAudit | undefined, target: Target | undefined): Figure[] {
  if (!writes) return [judged(section, `Create 201 → its audit row, p99, ${when}`, null, target)];
  const failed = Object.values(writes.failed).reduce((sum, count) => sum + count, 0);
  const detail = writes.p99Ms === null ? 'no row seen' : `${number(writes.p99Ms)} ms (p50 ${number(writes.p50Ms!)}, max ${number(writes.maxMs!)}; ${writes.writes} writes${failed ? `, ${failed} not 201` : ''})`;
  return [
    judged(section, `Create 201 → its audit row, p99, ${when}`, writes.p99Ms, target, detail),
    judged(section, `Creates whose audit row never appeared (30 s), ${when}`, writes.missing, target ? { op: '<=', limit: 0 } : undefined),
  ];
}

interface ScaleRun {
  sizes: number[];
  results: Record<string, { deepPages?: number; scenarios: Record<string, { p50Ms: number; p99Ms: number; usesIndex?: boolean }> }>;
  summary?: { deepOverFirst?: Record<string, Record<string, number>> };
}

const isScaleRun = (scale: Record<string, unknown>): scale is Record<string, unknown> & ScaleRun => Array.isArray(scale['sizes']) && typeof scale['results'] === 'object';

/** The scale part's queries at its largest size (bench/scale.ts), or any p50Ms/p99Ms entries of another shape: for the chart. */
export function scaleLatencies(scale: Record<string, unknown> | undefined): { name: string; p50Ms: number; p99Ms: number }[] {
  if (!scale) return [];
  if (!isScaleRun(scale)) return latencyEntries(scale).map(({ name, entry }) => ({ name, p50Ms: entry['p50Ms'] as number, p99Ms: entry['p99Ms'] as number }));
  const largest = scale.sizes.at(-1)!;
  return Object.entries(scale.results[String(largest)]?.scenarios ?? {}).map(([name, { p50Ms, p99Ms }]) => ({ name: `${name} (${number(largest)} rows)`, p50Ms, p99Ms }));
}

/**
 * The scale part (bench/scale.ts): each query at the largest size, with its p50 at the smallest and
 * whether every plan used an index; each deep page over page 1 against its target. Another shape:
 * every object in it with a p50Ms/p99Ms, judged by its own `target` ("<= 1.2", "≤ 50 ms") if any.
 */
export function scaleFigures(scale: Record<string, unknown>): Figure[] {
  if (typeof scale['skipped'] === 'string') return [judged('Scale', 'Scale part', null, undefined, String(scale['skipped']))];
  if (isScaleRun(scale)) return scaleRunFigures(scale);
  return latencyEntries(scale).map(({ name, entry }) => {
    const target = parseTarget(entry['target']);
    const ratio = typeof entry['ratio'] === 'number' ? entry['ratio'] : undefined;
    const p50 = entry['p50Ms'] as number;
    const p99 = entry['p99Ms'] as number;
    const measured = `p50 ${number(p50)} ms, p99 ${number(p99)} ms${ratio === undefined ? '' : `, ratio ${number(ratio)}`}`;
    return judged('Scale', name, target?.unit === 'ms' || ratio === undefined ? p99 : ratio, target, measured);
  });
}

function scaleRunFigures(scale: ScaleRun): Figure[] {
  const smallest = scale.sizes[0]!;
  const largest = scale.sizes.at(-1)!;
  const at = (size: number) => scale.results[String(size)]?.scenarios ?? {};
  const figures = Object.entries(at(largest)).map(([name, query]): Figure => {
    const small = at(smallest)[name];
    const indexed = scale.sizes.every((size) => at(size)[name]?.usesIndex !== false);
    const growth = small && smallest !== largest ? `; p50 ${number(small.p50Ms)} ms at ${number(smallest)} rows` : '';
    return { section: 'Scale', figure: `${name}, ${number(largest)} rows`, measured: `p50 ${number(query.p50Ms)} ms, p99 ${number(query.p99Ms)} ms${growth}`, target: 'an index at every size', status: indexed ? 'met' : 'missed' };
  });
  for (const [size, ratios] of Object.entries(scale.summary?.deepOverFirst ?? {})) {
    const limit = ratios['target'] ?? 1.2;
    const pages = scale.results[size]?.deepPages;
    for (const [sort, ratio] of Object.entries(ratios)) {
      if (sort !== 'target') figures.push(judged('Scale', `Page after ${pages === undefined ? 'many' : number(pages)} pages ÷ page 1 (p50), sort ${sort}, ${number(Number(size))} rows`, ratio, { op: '<=', limit }));
    }
  }
  return figures;
}

/** Objects under `value` that carry p50Ms and p99Ms, named by their path ("episodes.page1"). */
export function latencyEntries(value: unknown, path: string[] = []): { name: string; entry: Record<string, unknown> }[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const entry = value as Record<string, unknown>;
  if (typeof entry['p50Ms'] === 'number' && typeof entry['p99Ms'] === 'number') return [{ name: path.join(' › ') || 'scale', entry }];
  return Object.entries(entry).flatMap(([key, inner]) => latencyEntries(inner, [...path, key]));
}

function parseTarget(text: unknown): Target | undefined {
  const match = typeof text === 'string' ? /(<=|>=|≤|≥|<)\s*([\d.]+)\s*(ms|s|MB)?/.exec(text) : null;
  if (!match) return undefined;
  const op = ({ '≤': '<=', '≥': '>=' } as Record<string, Target['op']>)[match[1]!] ?? (match[1] as Target['op']);
  return { op, limit: Number(match[2]), unit: match[3] };
}
