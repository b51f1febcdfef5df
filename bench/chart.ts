import { median } from './stats.ts';
import { number, scaleLatencies, type BenchResults } from './summary.ts';

/** One row of the chart: a scenario's latency percentiles in ms (null where it has none). */
export interface Scenario {
  name: string;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

const PERCENTILES = [
  { key: 'p50', label: 'p50', color: '#2b6cb0' },
  { key: 'p90', label: 'p90', color: '#dd8a1b' },
  { key: 'p99', label: 'p99', color: '#c53030' },
] as const;

/** The scenarios of a run, in reading order: reads per access mode, write → audit, uploads, scale queries. */
export function scenariosOf(results: BenchResults): Scenario[] {
  const scenarios: Scenario[] = [];
  const of = (name: string, source: { p50Ms: number | null; p90Ms?: number | null; p99Ms: number | null } | undefined) => {
    if (source) scenarios.push({ name, p50: source.p50Ms, p90: source.p90Ms ?? null, p99: source.p99Ms });
  };
  const medianOf = (rows: { p50Ms: number; p90Ms: number; p99Ms: number }[]) => ({ p50Ms: median(rows.map((r) => r.p50Ms)), p90Ms: median(rows.map((r) => r.p90Ms)), p99Ms: median(rows.map((r) => r.p99Ms)) });
  for (const reads of results.reads) {
    const mode = results.reads.length > 1 ? ` (${reads.accessMode})` : '';
    of(`bare read${mode}`, medianOf(reads.rounds.map((r) => r.bare)));
    of(`gateway read, ${reads.accessMode}`, medianOf(reads.rounds.map((r) => r.gateway)));
    of(`sustained gateway read${mode}`, reads.sustained);
    of(`write → audit row, idle${mode}`, reads.writeToAudit.idle);
    of(`write → audit row, under load${mode}`, reads.writeToAudit.underLoad);
  }
  if (results.uploads) {
    of('upload via gateway (4 clients)', results.uploads.gateway);
    of('upload, bare sharp (4 clients)', results.uploads.bareSharp);
  }
  for (const query of scaleLatencies(results.scale)) of(`scale: ${query.name}`, query);
  return scenarios;
}

const WIDTH = 860;
const LABEL_RIGHT = 290;
const PLOT_LEFT = 305;
const PLOT_RIGHT = 780;
const TOP = 70;
const ROW = 32;

/**
 * A hand-written SVG: one row (`<g class="scenario">`) per scenario with its p50, p90 and p99 on
 * a log-scale millisecond axis, joined by a line so the spread reads at a glance.
 */
export function chartOf(scenarios: Scenario[], title: string): string {
  const values = scenarios.flatMap((s) => [s.p50, s.p90, s.p99]).filter((v): v is number => v !== null && v > 0);
  const low = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const high = Math.max(low * 10, 10 ** Math.ceil(Math.log10(Math.max(...values, 10))));
  const x = (ms: number) => PLOT_LEFT + ((Math.log10(Math.max(ms, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (PLOT_RIGHT - PLOT_LEFT);
  const height = TOP + scenarios.length * ROW + 40;
  const bottom = TOP + scenarios.length * ROW;
  const grid: string[] = [];
  for (let decade = low; decade <= high; decade *= 10) {
    grid.push(`<line x1="${x(decade).toFixed(1)}" y1="${TOP - 10}" x2="${x(decade).toFixed(1)}" y2="${bottom}" stroke="#bbb"/>`);
    grid.push(`<text x="${x(decade).toFixed(1)}" y="${bottom + 18}" text-anchor="middle">${escape(msLabel(decade))}</text>`);
    for (const minor of [2, 5]) if (decade * minor < high) grid.push(`<line x1="${x(decade * minor).toFixed(1)}" y1="${TOP - 10}" x2="${x(decade * minor).toFixed(1)}" y2="${bottom}" stroke="#eee"/>`);
  }
  const legend = PERCENTILES.map((p, i) => `<g transform="translate(${PLOT_LEFT + i * 70},44)">${marker(p.key, 0, p.color)}<text x="10" y="4">${p.label}</text></g>`);
  const rows = scenarios.map((scenario, index) => row(scenario, TOP + index * ROW + ROW / 2, x));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<g class="grid">${grid.join('')}</g>`,
    `<g class="legend">${legend.join('')}<text x="${PLOT_RIGHT}" y="48" text-anchor="end" fill="#555">latency, ms (log scale)</text></g>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}

function row(scenario: Scenario, y: number, x: (ms: number) => number): string {
  const present = PERCENTILES.filter((p) => scenario[p.key] !== null);
  const xs = present.map((p) => x(scenario[p.key]!));
  const parts = [`<text x="${LABEL_RIGHT}" y="${y + 4}" text-anchor="end">${escape(scenario.name)}</text>`];
  if (xs.length > 1) parts.push(`<line x1="${Math.min(...xs).toFixed(1)}" y1="${y}" x2="${Math.max(...xs).toFixed(1)}" y2="${y}" stroke="#888" stroke-width="2"/>`);
  for (const p of present) parts.push(`<g transform="translate(${x(scenario[p.key]!).toFixed(1)},${y})">${marker(p.key, 0, p.color)}<title>${p.label} ${escape(number(scenario[p.key]!))} ms</title></g>`);
  if (scenario.p99 !== null) parts.push(`<text x="${(Math.max(...xs) + 10).toFixed(1)}" y="${y + 4}" fill="#555">${escape(number(scenario.p99))} ms</text>`);
  if (present.length === 0) parts.push(`<text x="${PLOT_LEFT}" y="${y + 4}" fill="#888">not measured</text>`);
  return `<g class="scenario" data-scenario="${escape(scenario.name)}">${parts.join('')}</g>`;
}

/** p50 a circle, p90 a square, p99 a diamond: distinct in grey print too. */
function marker(key: 'p50' | 'p90' | 'p99', y: number, color: string): string {
  if (key === 'p50') return `<circle cx="0" cy="${y}" r="5" fill="${color}"/>`;
  if (key === 'p90') return `<rect x="-4.5" y="${y - 4.5}" width="9" height="9" fill="${color}"/>`;
  return `<path d="M0 ${y - 6} L6 ${y} L0 ${y + 6} L-6 ${y} Z" fill="${color}"/>`;
}

function msLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms < 1 ? ms.toFixed(1) : ms} ms`;
}

export function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
