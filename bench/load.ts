/**
 * Data at scale, straight into the databases (not through the API): `npm run bench:load`.
 *
 *   npm run bench:load -- [--episodes 1000000] [--activity 1000000] [--catalog-url URL] [--audit-url URL]
 *
 * Without a URL it starts a throwaway embedded PostgreSQL, migrates a catalog and an audit
 * database on it, fills them, prints rows/s, and stops it again (so alone it measures the load
 * speed; bench/scale.ts keeps the server running and measures the APIs on it). With a URL the
 * database must already be migrated; rows are added after those already there.
 *
 * Episodes: ~2,000 shows (ids interleave them, as real inserts would), seasons of 50 episodes,
 * ratings 0-10, air dates from 1990 (every 23rd not aired yet: null), every 50th row soft-deleted. Built by one
 * `INSERT ... SELECT generate_series` per 100,000 rows: PostgreSQL makes the rows itself.
 * Activity: a valid hash chain (hashed here with the service's own chainHash), ~500 users, four
 * resource types, three outcomes, one row every ~15.7 s (1,000,000 rows span six months),
 * inserted 5,000 per statement through unnest.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { startPostgres, type EmbeddedDatabase } from '@episodic/testing';
import { chainHash } from '../services/audit/src/domain/chain.ts';
import type { ActivityEntry } from '../services/audit/src/domain/activity.ts';

export const CATALOG_MIGRATIONS = fileURLToPath(new URL('../migrations/catalog', import.meta.url));
export const AUDIT_MIGRATIONS = fileURLToPath(new URL('../migrations/audit', import.meta.url));

/** Shows the generated episodes are spread over; each gets seasons of 50 episodes. */
export const SHOWS = 2000;
export const EPISODES_PER_SEASON = 50;
/** The first activity row's time and the step between rows: 1,000,000 rows span ~182 days. */
export const ACTIVITY_START = Date.parse('2026-01-01T00:00:00Z');
export const ACTIVITY_STEP_MS = 15_724;
export const ACTIVITY_USERS = 500;

const EPISODE_BATCH = 100_000;
const ACTIVITY_BATCH = 5000;

/** The show of the n-th generated episode (1-based), e.g. 'Harbor 0007'. */
export function showOf(n: number): string {
  const show = (n - 1) % SHOWS;
  return `${SHOW_WORDS[show % SHOW_WORDS.length]} ${String(show).padStart(4, '0')}`;
}

/** The season and episode numbers of the n-th generated episode. */
export function numbersOf(n: number): { season_number: number; episode_number: number } {
  const within = Math.floor((n - 1) / SHOWS);
  return { season_number: Math.floor(within / EPISODES_PER_SEASON) + 1, episode_number: (within % EPISODES_PER_SEASON) + 1 };
}

const SHOW_WORDS = ['Harbor', 'Northern', 'Quiet', 'Iron', 'Glass', 'Paper', 'Velvet', 'Copper', 'Hollow', 'Silver'];

/**
 * Adds episodes number `from` .. `from + count - 1` (the numbering decides show, season and
 * episode, so successive calls continue the same shows). Returns the seconds it took.
 */
export async function fillEpisodes(url: string, from: number, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    for (let first = from; first < from + count; first += EPISODE_BATCH) {
      const last = Math.min(first + EPISODE_BATCH, from + count) - 1;
      await client.query(EPISODES_SQL, [first, last, SHOWS, EPISODES_PER_SEASON, SHOW_WORDS]);
    }
    await client.query('ANALYZE episodes');
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

/** One batch of generated episodes; $1..$2 the numbers, the rest the shape (see showOf, numbersOf). */
const EPISODES_SQL = `
  INSERT INTO episodes (show_name, season_number, episode_number, episode_title, air_date, plot_summary, director, writer,
                        duration_minutes, rating, genre, processing_status, upload_date, last_modified, deleted_at)
  SELECT ($5::text[])[(s % array_length($5::text[], 1)) + 1] || ' ' || lpad(s::text, 4, '0'),
         w / $4 + 1, w % $4 + 1,
         'Episode ' || n,
         CASE WHEN n % 23 = 0 THEN NULL ELSE date '1990-01-01' + (s * 3 + w * 7) % 12000 END,
         'Generated plot of episode ' || n || '.',
         'Director ' || (n % 300), 'Writer ' || (n % 450),
         20 + n % 60,
         CASE WHEN n % 11 = 0 THEN NULL ELSE (n * 37 % 101) / 10.0 END,
         (ARRAY['Drama', 'Comedy', 'Crime', 'Documentary', 'Sci-Fi'])[n % 5 + 1],
         (ARRAY[NULL, 'pending', 'processing', 'complete', 'failed'])[n % 5 + 1],
         t, t, CASE WHEN n % 50 = 0 THEN t + interval '1 day' END
  FROM generate_series($1::int, $2::int) AS n,
       LATERAL (SELECT (n - 1) % $3 AS s, (n - 1) / $3 AS w,
                       timestamptz '2020-01-01' + (n || ' minutes')::interval AS t) AS shape`;

/** The n-th generated activity row's content (1-based): varied users, resources, actions and outcomes. */
export function activityEntry(n: number): ActivityEntry {
  const resourceType = RESOURCE_TYPES[n % RESOURCE_TYPES.length]!;
  const resourceId = (n * 7919) % 50_000 + 1;
  const action = n % 5 === 0 ? 'edit' : n % 17 === 0 ? 'create' : 'view';
  const outcome = n % 97 === 0 ? 'denied' : n % 211 === 0 ? 'failure' : 'success';
  return {
    user_id: `user-${(n * 31) % ACTIVITY_USERS}`, action_type: action, resource_type: resourceType, resource_id: resourceId,
    old_values: null, new_values: { method: action === 'view' ? 'GET' : 'PATCH', path: `/api/v1/${resourceType}s/${resourceId}`, status: outcome === 'denied' ? 403 : 200 },
    ip_address: '203.0.113.9',
    user_agent: n % 1000 === 0 ? '=cmd|" /c calc"!A1' : 'curl/8.5.0', correlation_id: `req-${n}`, outcome,
    event_id: `bench-${n}`, event_type: action === 'view' ? 'access.recorded' : `${resourceType}.updated`,
    occurred_at: new Date(ACTIVITY_START + n * ACTIVITY_STEP_MS).toISOString(),
  };
}

const RESOURCE_TYPES = ['episode', 'episode', 'metadata', 'thumbnail'];

/**
 * Appends activity rows number `from` .. `from + count - 1` with ids equal to their number,
 * chained onto `prevHash` (the hash of row `from - 1`, null for the first). Returns the last
 * hash (to continue the chain) and the seconds it took.
 */
export async function fillActivity(url: string, from: number, count: number, prevHash: string | null): Promise<{ lastHash: string | null; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    // Each batch is hashed while the previous one is being inserted: the two take about as long.
    let inserting: Promise<unknown> = Promise.resolve();
    for (let first = from; first < from + count; first += ACTIVITY_BATCH) {
      const columns: unknown[][] = Array.from({ length: 16 }, () => []);
      for (let n = first; n < Math.min(first + ACTIVITY_BATCH, from + count); n += 1) {
        const entry = activityEntry(n);
        const hash = chainHash(entry, prevHash);
        const values = [entry.user_id, entry.action_type, entry.resource_type, entry.resource_id, JSON.stringify(entry.new_values), entry.ip_address, entry.user_agent, entry.correlation_id, entry.outcome, entry.event_id, entry.event_type, entry.occurred_at, prevHash, hash, 2, n];
        values.forEach((value, index) => columns[index]!.push(value));
        prevHash = hash;
      }
      await inserting;
      inserting = client.query(ACTIVITY_SQL, columns);
    }
    await inserting;
    await client.query(`SELECT setval('activity_logs_id_seq', ${from + count - 1})`);
    await client.query('ANALYZE activity_logs');
  } finally {
    await client.end();
  }
  return { lastHash: prevHash, seconds: (performance.now() - started) / 1000 };
}

const ACTIVITY_SQL = `
  INSERT INTO activity_logs (user_id, action_type, resource_type, resource_id, new_values, ip_address, user_agent, correlation_id, outcome, event_id, event_type, occurred_at, prev_hash, hash, hash_version, id, recorded_at)
  SELECT u, a, r, ri, nv::jsonb, ip, ua, c, o, e, t, oa::timestamptz, ph, h, hv, i, now()
  FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::bigint[])
    AS x(u, a, r, ri, nv, ip, ua, c, o, e, t, oa, ph, h, hv, i)`;

/** Where the generated rows continue: the next episode and activity numbers and the chain head. */
export async function positionsOf(catalogUrl: string, auditUrl: string): Promise<{ nextEpisode: number; nextActivity: number; headHash: string | null }> {
  const catalog = new pg.Client({ connectionString: catalogUrl });
  const audit = new pg.Client({ connectionString: auditUrl });
  await Promise.all([catalog.connect(), audit.connect()]);
  try {
    const episodes = await catalog.query<{ count: string }>('SELECT count(*) FROM episodes');
    const head = await audit.query<{ id: string; hash: string }>('SELECT id, hash FROM activity_logs ORDER BY id DESC LIMIT 1');
    return { nextEpisode: Number(episodes.rows[0]!.count) + 1, nextActivity: Number(head.rows[0]?.id ?? 0) + 1, headHash: head.rows[0]?.hash ?? null };
  } finally {
    await Promise.all([catalog.end(), audit.end()]);
  }
}

/** A throwaway embedded PostgreSQL with a migrated catalog and audit database. */
export async function startLoadDatabases(): Promise<{ postgres: EmbeddedDatabase; catalogUrl: string; auditUrl: string }> {
  const logger = createLogger({ name: 'bench-load', level: 'warn' });
  const postgres = await startPostgres({ logger });
  try {
    const urls: string[] = [];
    for (const [name, migrations] of [['bench_catalog', CATALOG_MIGRATIONS], ['bench_audit', AUDIT_MIGRATIONS]] as const) {
      await postgres.ensureDatabase(name);
      const sequelize = createSequelize({ url: postgres.url(name), logger, poolMax: 1 });
      await migrateUp(sequelize, migrations).finally(() => sequelize.close());
      urls.push(postgres.url(name));
    }
    return { postgres, catalogUrl: urls[0]!, auditUrl: urls[1]! };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

/** Loads `episodes` and `activity` more rows into the two databases and reports rows/s. */
export async function load(options: { catalogUrl: string; auditUrl: string; episodes: number; activity: number }) {
  const at = await positionsOf(options.catalogUrl, options.auditUrl);
  const episodeSeconds = await fillEpisodes(options.catalogUrl, at.nextEpisode, options.episodes);
  const activity = await fillActivity(options.auditUrl, at.nextActivity, options.activity, at.headHash);
  return {
    episodes: { rows: options.episodes, seconds: round(episodeSeconds), rowsPerSecond: Math.round(options.episodes / episodeSeconds) },
    activity: { rows: options.activity, seconds: round(activity.seconds), rowsPerSecond: Math.round(options.activity / activity.seconds) },
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'catalog-url': { type: 'string' }, 'audit-url': { type: 'string' }, episodes: { type: 'string', default: '1000000' }, activity: { type: 'string', default: '1000000' } },
  });
  const counts = { episodes: Number(values.episodes), activity: Number(values.activity) };
  if (!Number.isSafeInteger(counts.episodes) || !Number.isSafeInteger(counts.activity) || counts.episodes < 0 || counts.activity < 0) {
    throw new Error('--episodes and --activity take a whole number of rows');
  }
  const throwaway = values['catalog-url'] && values['audit-url'] ? undefined : await startLoadDatabases();
  try {
    const catalogUrl = values['catalog-url'] ?? throwaway!.catalogUrl;
    const auditUrl = values['audit-url'] ?? throwaway!.auditUrl;
    console.log(JSON.stringify(await load({ catalogUrl, auditUrl, ...counts }), null, 2));
  } finally {
    await throwaway?.postgres.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
