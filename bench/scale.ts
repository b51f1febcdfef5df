/**
 * Scale (`BENCH_PARTS` including `scale`; also runnable alone: `node bench/scale.ts`): loads
 * generated episodes and activity rows with bench/load.ts into a throwaway PostgreSQL, runs the
 * catalog and audit apps in-process on those databases, and measures through their HTTP APIs
 * (a signed token and gateway context, as the gateway would call them) p50/p99 of
 *  - the episode list's page 1, and the page reached after 10,000 pages of 20 (its cursor built
 *    as the API builds it: a cursor is an opaque keyset position), target <= 1.2x page 1; the
 *    same two in the `-air_date` sort (the sort whose keyset needed an expression index);
 *  - the list filtered by show and season;
 *  - the audit activity report filtered by resource, and by user over one month;
 *  - GET episode by id;
 * at BENCH_SCALE_SIZES rows (default 100000,1000000: episodes and activity rows alike), so growth
 * shows. Each scenario's SQL, as the service sends it (captured from Sequelize's log; the lean GET's
 * prepared statement as written), is run once more under EXPLAIN (ANALYZE, BUFFERS): the plan's
 * lines go into the result, with whether it scans a table sequentially.
 */
import type { Server } from 'node:http';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createTokenVerifier } from '@episodic/auth';
import { createSequelize, Outbox } from '@episodic/db';
import { closeServer, encodeCursor, listen, signGatewayContext } from '@episodic/http';
import { LocalIssuer, TEST_GATEWAY_CONTEXT } from '@episodic/testing';
import { buildApp as buildCatalogApp } from '../services/catalog/src/app.ts';
import { createCatalog } from '../services/catalog/src/domain/catalog.ts';
import { EPISODE_BY_ID } from '../services/catalog/src/data/episode-by-id.ts';
import { buildApp as buildAuditApp } from '../services/audit/src/app.ts';
import { createActivityRepository } from '../services/audit/src/data/activity-repository.ts';
import { createRetentionRepository } from '../services/audit/src/data/retention-repository.ts';
import type { Archive } from '../services/audit/src/data/archive.ts';
import { ACTIVITY_USERS, fillActivity, fillEpisodes, showOf, startLoadDatabases, SHOWS } from './load.ts';

const SAMPLES = Number(process.env['BENCH_SCALE_SAMPLES'] ?? 200);
const PAGE = 20;
const DEEP_PAGES = 10_000;
/** Rounds of every scenario before the timed ones: JIT, pools and caches warm (the first size would otherwise pay for them). */
const WARM_UP_ROUNDS = 50;
const logger = createLogger({ name: 'bench-scale', level: 'warn' });

/** One scenario: the path of each sample, and which service answers it. */
interface Scenario {
  name: string;
  service: 'catalog' | 'audit';
  path: (sample: number) => string;
}

export async function scaleBench(sizes = (process.env['BENCH_SCALE_SIZES'] ?? '100000,1000000').split(',').map(Number)) {
  const { postgres, catalogUrl, auditUrl } = await startLoadDatabases();
  const issuer = await LocalIssuer.start({});
  const apps = await startApps(catalogUrl, auditUrl, issuer);
  try {
    const results: Record<string, unknown> = {};
    let loaded = 0;
    let headHash: string | null = null;
    for (const size of sizes) {
      const episodeSeconds = await fillEpisodes(catalogUrl, loaded + 1, size - loaded);
      const activity = await fillActivity(auditUrl, loaded + 1, size - loaded, headHash);
      headHash = activity.lastHash;
      const load = { episodeRowsPerSecond: Math.round((size - loaded) / episodeSeconds), activityRowsPerSecond: Math.round((size - loaded) / activity.seconds) };
      loaded = size;
      const { deepPages, scenarios } = await scenariosAt(catalogUrl, size);
      results[String(size)] = { load, deepPages, scenarios: await measureAll(apps, scenarios) };
    }
    return { samples: SAMPLES, sizes, results, summary: summaryOf(sizes, results) };
  } finally {
    await apps.stop();
    await issuer.close();
    await postgres.stop();
  }
}

/** The scenarios at `size` rows; a deep page's cursor is the keyset position the API would have handed out there. */
async function scenariosAt(catalogUrl: string, size: number): Promise<{ deepPages: number; scenarios: Scenario[] }> {
  const live = Math.floor(size * 0.98);
  const deepPages = Math.min(DEEP_PAGES, Math.floor((live * 0.9) / PAGE));
  const client = new pg.Client({ connectionString: catalogUrl });
  await client.connect();
  const at = async (columns: string, order: string) =>
    (await client.query(`SELECT ${columns} FROM episodes WHERE deleted_at IS NULL ORDER BY ${order} OFFSET $1 LIMIT 1`, [deepPages * PAGE - 1])).rows[0];
  const byShow = encodeCursor({ sort: 'show', ...(await at('show_name, season_number, episode_number, id', 'show_name, season_number, episode_number, id')) });
  const byAirDate = encodeCursor({ sort: '-air_date', ...(await at("to_char(air_date, 'YYYY-MM-DD') AS air_date, id", 'air_date DESC NULLS LAST, id')) });
  await client.end();
  const seasons = Math.max(1, Math.floor(size / SHOWS / 50));
  const spread = (sample: number) => (sample * 7919) % size + 1;
  const liveId = (sample: number) => (spread(sample) % 50 === 0 ? spread(sample) - 1 : spread(sample));
  const scenarios: Scenario[] = [
    { name: 'episodes page 1', service: 'catalog', path: () => `/api/v1/episodes?limit=${PAGE}` },
    { name: 'episodes deep page', service: 'catalog', path: () => `/api/v1/episodes?limit=${PAGE}&cursor=${byShow}` },
    { name: 'episodes by -air_date page 1', service: 'catalog', path: () => `/api/v1/episodes?limit=${PAGE}&sort=-air_date` },
    { name: 'episodes by -air_date deep page', service: 'catalog', path: () => `/api/v1/episodes?limit=${PAGE}&sort=-air_date&cursor=${byAirDate}` },
    { name: 'episodes by show and season', service: 'catalog', path: (sample) => `/api/v1/episodes?limit=${PAGE}&show_name=${encodeURIComponent(showOf(spread(sample)))}&season_number=${(sample % seasons) + 1}` },
    { name: 'episode by id', service: 'catalog', path: (sample) => `/api/v1/episodes/${liveId(sample)}` },
    { name: 'activity by resource', service: 'audit', path: (sample) => `/api/v1/audit/activity?resource_type=episode&resource_id=${(sample * 7919) % 50_000 + 1}` },
    { name: 'activity by user, one month', service: 'audit', path: (sample) => `/api/v1/audit/activity?user_id=user-${sample % ACTIVITY_USERS}&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z` },
  ];
  return { deepPages, scenarios };
}

interface Apps {
  catalog: { url: string; sequelize: Sequelize; database: string };
  audit: { url: string; sequelize: Sequelize; database: string };
  headers(method: string, path: string): Record<string, string>;
  stop(): Promise<void>;
}

/** Catalog and audit as the services build them, in this process, each on its own port. */
async function startApps(catalogUrl: string, auditUrl: string, issuer: LocalIssuer): Promise<Apps> {
  const verifier = createTokenVerifier({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientIds: [issuer.clientId] });
  const catalogDb = createSequelize({ url: catalogUrl, logger, poolMax: 5 });
  const auditDb = createSequelize({ url: auditUrl, logger, poolMax: 5 });
  const outbox = new Outbox({ sequelize: catalogDb, logger, publish: async () => undefined });
  const catalogApp = buildCatalogApp({ logger, gatewayContext: TEST_GATEWAY_CONTEXT, catalog: createCatalog({ sequelize: catalogDb, outbox, topic: 'catalog-events' }), verifier, readiness: {} });
  const auditApp = buildAuditApp({
    logger, gatewayContext: TEST_GATEWAY_CONTEXT, activity: createActivityRepository(auditDb), retention: createRetentionRepository(auditDb),
    archive: undefined as unknown as Archive, verifier, readiness: {},
  });
  const servers: Server[] = [];
  const catalog = await listen(catalogApp, 0);
  servers.push(catalog.server);
  const audit = await listen(auditApp, 0);
  servers.push(audit.server);
  const token = await issuer.sign({ role: 'admin', sub: 'bench-admin', username: 'bench-admin' });
  return {
    catalog: { url: catalog.url, sequelize: catalogDb, database: catalogUrl },
    audit: { url: audit.url, sequelize: auditDb, database: auditUrl },
    headers: (method, path) => ({
      authorization: `Bearer ${token}`,
      ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method, url: path }, { ip: '203.0.113.9', requestId: `scale-${Math.random().toString(36).slice(2)}`, time: Date.now() }),
    }),
    async stop() {
      for (const server of servers) await closeServer(server);
      await Promise.all([catalogDb.close(), auditDb.close()]);
    },
  };
}

/** Samples the scenarios in turn (one request of each, round after round), so a noisy moment costs them alike. */
async function measureAll(apps: Apps, scenarios: Scenario[]) {
  const times = scenarios.map((): number[] => []);
  for (let sample = -WARM_UP_ROUNDS; sample < SAMPLES; sample += 1) {
    for (const [index, scenario] of scenarios.entries()) {
      const started = performance.now();
      await call(apps, apps[scenario.service].url, scenario.path(sample < 0 ? SAMPLES - sample : sample));
      if (sample >= 0) times[index]!.push(performance.now() - started);
    }
  }
  const measured: Record<string, unknown> = {};
  for (const [index, scenario] of scenarios.entries()) {
    const sorted = times[index]!.sort((a, b) => a - b);
    const target = apps[scenario.service];
    const sql = await capturedSql(target.sequelize, () => call(apps, target.url, scenario.path(1)));
    const plan = await explain(target.database, sql ?? EPISODE_BY_ID.text.replace('$1', String(scenario.path(1).split('/').at(-1))));
    measured[scenario.name] = {
      p50Ms: round(sorted[Math.floor(sorted.length * 0.5)]!), p99Ms: round(sorted[Math.floor(sorted.length * 0.99)]!),
      usesIndex: !/Seq Scan on (episodes|activity_logs)/.test(plan.join('\n')), plan,
    };
  }
  return measured;
}

async function call(apps: Apps, base: string, path: string): Promise<void> {
  const response = await fetch(`${base}${path}`, { headers: apps.headers('GET', path) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
}

/** The last SELECT Sequelize ran during `work` (undefined when it ran none: the lean GET is plain pg). */
async function capturedSql(sequelize: Sequelize, work: () => Promise<void>): Promise<string | undefined> {
  const statements: string[] = [];
  const options = (sequelize as unknown as { options: { logging?: unknown } }).options;
  const previous = options.logging;
  options.logging = (line: string) => statements.push(line.replace(/^Executing \([^)]*\): /, ''));
  try {
    await work();
  } finally {
    options.logging = previous;
  }
  return statements.filter((sql) => /^SELECT/i.test(sql)).at(-1);
}

async function explain(database: string, sql: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.replace(/;\s*$/, '')}`);
    return rows.map((row) => row['QUERY PLAN']);
  } finally {
    await client.end();
  }
}

/** Per scenario: p50 at the largest size over p50 at the smallest; and each deep page over its page 1 at each size. */
function summaryOf(sizes: number[], results: Record<string, unknown>) {
  const at = (size: number) => (results[String(size)] as { scenarios: Record<string, { p50Ms: number; usesIndex: boolean }> }).scenarios;
  const deepOverFirst = Object.fromEntries(sizes.map((size) => {
    const scenarios = at(size);
    const ratio = (sort: string) => round(scenarios[`episodes${sort} deep page`]!.p50Ms / scenarios[`episodes${sort} page 1`]!.p50Ms);
    return [String(size), { show: ratio(''), '-air_date': ratio(' by -air_date'), target: 1.2 }];
  }));
  const first = at(sizes[0]!);
  const last = at(sizes.at(-1)!);
  const growth = Object.fromEntries(Object.keys(last).map((name) => [name, round(last[name]!.p50Ms / first[name]!.p50Ms)]));
  const allIndexed = sizes.every((size) => Object.values(at(size)).every((scenario) => scenario.usesIndex));
  return { deepOverFirst, p50GrowthLargestOverSmallest: growth, allIndexed };
}

const round = (value: number) => Math.round(value * 100) / 100;

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await scaleBench(), null, 2));
