/**
 * The benchmark's summary (bench/summary.ts, report.ts, chart.ts): what a reader of
 * bench/results/latest.md and latest.svg relies on, rendered from a made-up run.
 */
import { expect } from 'chai';
import { chartOf, scenariosOf } from '../../bench/chart.ts';
import { markdownOf } from '../../bench/report.ts';
import { figuresOf, type BenchResults, type ReadResult } from '../../bench/summary.ts';

const cpuSeconds = { gateway: 5, catalog: 3, audit: 4, host: 1, postgres: 2, bench: 1 };
const load = (requestsPerSecond: number, p50Ms: number, p99Ms: number) => ({
  seconds: 10, requests2xx: requestsPerSecond * 10, requestsPerSecond, non2xx: 0, status4xx: 0, status5xx: 0, errors: 0, timeouts: 0,
  p50Ms, p90Ms: (p50Ms + p99Ms) / 2, p99Ms, maxMs: p99Ms * 2, cpuSeconds, settleMs: 2500, settled: true,
});
const writes = (p99Ms: number, missing = 0) => ({ writes: 30, p50Ms: 12, p90Ms: 30, p99Ms, maxMs: p99Ms + 5, missing, rowPolls: 300, failed: {}, intervalMs: 300 });

function reads(mode: string, drainMs: number | null): ReadResult {
  const rounds = [1, 2, 3].map((round) => ({ round, bare: load(3000 + round, 15, 50), gateway: load(400, 100, 350), ratio: 0.13, p99Ratio: 7 }));
  return {
    accessMode: mode, connections: 50, rounds,
    median: { bareRequestsPerSecond: 3002, gatewayRequestsPerSecond: 400, ratio: 0.13, bareP99Ms: 50, gatewayP99Ms: 350, p99Ratio: 7 },
    writerRound: load(390, 105, 360),
    sustained: { ...load(380, 110, 400), seconds: 60, drainMs, accessRowsMissing: drainMs === null ? 1234 : 0, ratio: 0.13 },
    writeToAudit: { idle: writes(40), underLoad: writes(23_400, 1) },
  };
}

function run(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    at: '2026-12-02T06:00:00.000Z',
    machine: { cpus: 2, model: 'Test CPU', memoryGb: 8, node: 'v24.21.0', loadAverageAtStart: [1, 1, 1], loadAverageAtEnd: [2, 2, 2] },
    conditions: { parts: ['reads', 'uploads'], accessModes: ['acknowledged', 'best-effort'], rounds: 3, durationSeconds: 10, sustainedSeconds: 60, connections: 50, writeIntervalMs: 300, idleWrites: 30, logLevel: 'warn', idleCpuPercent: 5 },
    startReadyMs: 9400,
    idleRssMb: { gateway: 160, catalog: 95 },
    rssAfterReadsMb: { gateway: 180, catalog: 110 },
    idleCpuFloorPercent: { acknowledged: 10, 'best-effort': 9 },
    reads: [reads('acknowledged', 800), reads('best-effort', null)],
    uploads: {
      image: { width: 1920, height: 1080, bytes: 300_000 }, clients: 4,
      gateway: { images: 60, imagesPerSecond: 6, p50Ms: 600, p90Ms: 700, p99Ms: 900 },
      cpuSecondsDuringGatewayUploads: { 'bench process (clients)': 1 },
      bareSharp: { images: 80, imagesPerSecond: 8, p50Ms: 480, p90Ms: 500, p99Ms: 550 },
      ratio: 0.75, target: '>= 0.85', mediaRssMb: { before: 100, max: 240, after: 150, target: 'max <= 250' }, settleMs: { gateway: 1000, bare: 1000 },
    },
    ...overrides,
  };
}

/** Every tag opened is closed, in order; attribute quotes balance. Enough to catch a broken hand-written SVG. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const [, closing, name, , selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g)) {
    if (closing) expect(stack.pop(), `</${name}>`).to.equal(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(stack, 'unclosed tags').to.deep.equal([]);
  expect(svg.replace(/<[^>]*>/g, ''), 'stray markup in text').not.to.match(/[<>]/);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
}

describe('bench summary', () => {
  it('When a run is summarised, then every read figure of every access mode stands next to its target', () => {
    const figures = figuresOf(run());
    for (const mode of ['acknowledged', 'best-effort']) {
      const of = (text: string) => figures.find((f) => f.section === `Audited reads (${mode})` && f.figure.includes(text));
      expect(of('Gateway ÷ bare req/s'), mode).to.include({ target: '≥ 0.5', status: 'missed' });
      expect(of('Gateway ÷ bare req/s')!.measured).to.equal('0.13 (400 vs 3,002 req/s)');
      expect(of('p99 ÷ bare p99'), mode).to.include({ target: '≤ 4', status: 'missed' });
      expect(of('Sustained 60 s'), mode).to.include({ target: '≥ 0.5' });
      expect(of('during the gateway reads'), mode).to.include({ target: '≤ 50 ms', status: 'missed' });
    }
    const drain = (mode: string) => figures.find((f) => f.section === `Audited reads (${mode})` && f.figure.startsWith('Sustained: from load end'));
    expect(drain('acknowledged')).to.include({ measured: '0.8 s', target: '≤ 2 s', status: 'met' });
    expect(drain('best-effort')).to.include({ target: '≤ 2 s', status: 'missed' });
    expect(drain('best-effort')!.measured).to.contain('1,234 access rows missing');
  });

  it('When a run is summarised, then footprint and uploads are judged against issue 12 targets', () => {
    const figures = figuresOf(run());
    const of = (text: string) => figures.find((f) => f.figure.includes(text));
    expect(of('Start ready')).to.include({ measured: '9.4 s', target: '≤ 10 s', status: 'met' });
    expect(of('Idle RSS after start, gateway')).to.include({ target: '≤ 100 MB', status: 'missed' });
    expect(of('Idle RSS after start, catalog')).to.include({ status: 'met' });
    expect(of('RSS after the reads settle, catalog')).to.include({ target: '≤ 120 MB', status: 'met' });
    expect(of('bare sharp')).to.include({ target: '≥ 0.85', status: 'missed' });
    expect(of('Media peak RSS during uploads')).to.include({ target: '≤ 250 MB', status: 'met' });
  });

  it('When the markdown is written, then it holds the conditions, every figure with its target and verdict, the chart and the rounds', () => {
    const results = run();
    const markdown = markdownOf(results, 'latest.svg');
    for (const figure of figuresOf(results)) {
      const line = markdown.split('\n').find((l) => l.includes(`| ${figure.figure} |`) && l.startsWith(`| ${figure.section} |`));
      expect(line, figure.figure).to.be.a('string');
      expect(line).to.contain(`| ${figure.target} |`).and.to.contain(figure.measured.replaceAll('|', '\\|'));
      expect(line).to.contain(figure.status === 'met' ? 'met' : figure.status === 'missed' ? 'missed' : '—');
    }
    expect(markdown).to.contain('2 × Test CPU').and.contain('access mode acknowledged and best-effort').and.contain('3 alternated bare/gateway rounds of 10 s at 50 connections');
    expect(markdown).to.contain('![Latency percentiles by scenario (p50, p90, p99; log scale)](latest.svg)');
    expect(markdown).to.contain('## Read rounds, acknowledged').and.contain('## Read rounds, best-effort');
    expect(markdown).to.match(/\*\*\d+ of \d+ targets met\.\*\*/);
  });

  it('When the chart is drawn, then it is well-formed SVG with one group per scenario, each with p50, p90 and p99', () => {
    const scenarios = scenariosOf(run());
    expect(scenarios.map((s) => s.name)).to.include.members(['gateway read, acknowledged', 'bare read (best-effort)', 'sustained gateway read (acknowledged)',
      'write → audit row, idle (acknowledged)', 'write → audit row, under load (acknowledged)', 'upload via gateway (4 clients)', 'upload, bare sharp (4 clients)']);
    const svg = chartOf(scenarios, 'Latency <by> scenario & mode');
    assertWellFormed(svg);
    const groups = svg.split('<g class="scenario"').slice(1);
    expect(groups).to.have.length(scenarios.length);
    groups.forEach((group, index) => {
      expect(group, scenarios[index]!.name).to.match(/<circle[^>]*\/><title>p50 /).and.match(/<rect[^>]*\/><title>p90 /).and.match(/<path[^>]*\/><title>p99 /);
    });
    expect(svg).to.contain('<title>p50 15 ms</title>').and.contain('<title>p99 23,400 ms</title>').and.contain('Latency &lt;by&gt; scenario &amp; mode');
    expect(svg).to.contain('>1 ms<').and.contain('>10 s<');
  });

  it('When the scale part ran, then each query at the largest size, its index use and the deep-page ratios are figures and chart rows', () => {
    const query = (p50Ms: number, usesIndex = true) => ({ p50Ms, p99Ms: p50Ms * 3, usesIndex, plan: ['Index Scan using episodes_pkey on episodes'] });
    const scale = {
      samples: 200, sizes: [100_000, 1_000_000],
      results: {
        100000: { deepPages: 10_000, scenarios: { 'episodes page 1': query(2), 'activity by user, one month': query(4) } },
        1000000: { deepPages: 10_000, scenarios: { 'episodes page 1': query(2.2), 'activity by user, one month': query(40, false) } },
      },
      summary: { deepOverFirst: { 1000000: { show: 1.1, '-air_date': 1.5, target: 1.2 } }, allIndexed: false },
    };
    const figures = figuresOf(run({ scale }));
    expect(figures.find((f) => f.figure === 'episodes page 1, 1,000,000 rows')).to.include({ section: 'Scale', measured: 'p50 2.2 ms, p99 6.6 ms; p50 2 ms at 100,000 rows', target: 'an index at every size', status: 'met' });
    expect(figures.find((f) => f.figure === 'activity by user, one month, 1,000,000 rows')).to.include({ status: 'missed' });
    expect(figures.find((f) => f.figure === 'Page after 10,000 pages ÷ page 1 (p50), sort show, 1,000,000 rows')).to.include({ target: '≤ 1.2', status: 'met' });
    expect(figures.find((f) => f.figure.includes('sort -air_date, 1,000,000 rows'))).to.include({ target: '≤ 1.2', status: 'missed' });
    expect(scenariosOf(run({ scale })).map((s) => s.name)).to.include('scale: episodes page 1 (1,000,000 rows)');
  });

  it('When the scale part could not run, then the summary says why; another shape still shows its latencies', () => {
    const skipped = figuresOf(run({ scale: { skipped: 'bench/scale.ts does not exist yet' } })).find((f) => f.section === 'Scale');
    expect(skipped).to.include({ measured: 'bench/scale.ts does not exist yet', status: 'not measured' });
    const other = figuresOf(run({ scale: { page: { p50Ms: 1.3, p99Ms: 3.3, ratio: 1.1, target: '<= 1.2' } } })).find((f) => f.section === 'Scale');
    expect(other).to.include({ figure: 'page', target: '≤ 1.2', status: 'met', measured: 'p50 1.3 ms, p99 3.3 ms, ratio 1.1' });
  });
});
