import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { createTokenVerifier } from '@episodic/auth';
import { createSequelize, Outbox } from '@episodic/db';
import { closeServer, listen, signGatewayContext } from '@episodic/http';
import { freePort, TEST_GATEWAY_CONTEXT } from '@episodic/testing';
import { buildApp } from '../src/app.ts';
import { createCatalog } from '../src/domain/catalog.ts';
import { episodeRepository } from '../src/data/episode-repository.ts';
import { defineModels } from '../src/models/index.ts';
import { etagOf } from '../src/routes/conditional.ts';
import { logger, newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

/** The published contract of GET /api/v1/episodes/:id's 200 body, compiled as a client would (strict). */
const published = JSON.parse(readFileSync(new URL('../../../contracts/published/rest/v1/getEpisode.200.json', import.meta.url), 'utf8'));
// The contracts package's own ajv 8 (the hoisted one is ajv 6, another package's).
const fromContracts = createRequire(new URL('../../../contracts/package.json', import.meta.url));
type Validator = ((value: unknown) => boolean) & { errors?: unknown };
type Compiler = { compile(schema: object): Validator };
const { Ajv } = fromContracts('ajv') as { Ajv: new (options: object) => Compiler };
const addFormats = fromContracts('ajv-formats') as (ajv: Compiler) => void;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const matchesContract = ajv.compile(published);

describe('catalog/GET /api/v1/episodes/:id (the lean read path)', () => {
  let catalog: CatalogUnderTest;
  let modelRead: (id: number) => Promise<unknown>;

  before(async () => {
    catalog = await startCatalog();
    const repository = episodeRepository(catalog.sequelize, defineModels(catalog.sequelize));
    modelRead = (id) => repository.findLive(id);
  });
  after(() => catalog.stop());

  /** A created episode with every column filled, the system-set ones and a microsecond timestamp too. */
  async function fullyPopulated(overrides: Record<string, unknown> = {}): Promise<number> {
    const body = newEpisode({ show_name: `Full ${Math.random()}`, thumbnail_url: 'https://cdn.example.com/t.jpg', poster_url: 'https://cdn.example.com/p.jpg', video_url: 'https://cdn.example.com/v.mp4', ...overrides });
    const created = await catalog.call('POST', '/api/v1/episodes', { body });
    expect(created.status).to.equal(201);
    await catalog.sequelize.query(
      `UPDATE episodes SET raw_video_s3_key = 'raw/1.mp4', processed_video_s3_key = 'processed/1.mp4', metadata_json_s3_key = 'metadata/1.json',
         processing_status = 'complete', upload_date = '2025-06-07T08:09:10.123456Z', last_modified = '2026-01-02T03:04:05.678901Z' WHERE id = :id`,
      { replacements: { id: created.body.id } },
    );
    return created.body.id as number;
  }

  it('When an episode has every field set, then the body is the model read field for field (and key order) and matches the published schema', async () => {
    const id = await fullyPopulated();
    const got = await catalog.call('GET', `/api/v1/episodes/${id}`, { role: 'viewer' });
    expect(got.status).to.equal(200);
    const expected = await modelRead(id);
    expect(JSON.stringify(got.body)).to.equal(JSON.stringify(expected));
    expect(got.body.last_modified).to.equal('2026-01-02T03:04:05.678Z');
    expect(got.body.rating).to.equal(8.5);
    expect(matchesContract(got.body), JSON.stringify(matchesContract.errors)).to.equal(true);
    expect(got.response.headers.get('etag')).to.equal(etagOf(got.body));
    expect(got.response.headers.get('last-modified')).to.equal('Fri, 02 Jan 2026 03:04:05 GMT');
    expect(got.response.headers.get('content-type')).to.equal('application/json; charset=utf-8');
  });

  it('When the optional fields are null and the rating is whole, then the lean read still equals the model read', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: { show_name: `Sparse ${Math.random()}`, season_number: 0, episode_number: 0, episode_title: 'Pilot', rating: 7 } });
    const got = await catalog.call('GET', `/api/v1/episodes/${created.body.id}`);
    expect(JSON.stringify(got.body)).to.equal(JSON.stringify(await modelRead(created.body.id)));
    expect(got.body.rating).to.equal(7);
    expect(got.body.air_date).to.equal(null);
    expect(matchesContract(got.body), JSON.stringify(matchesContract.errors)).to.equal(true);
  });

  it('When the client already holds the current ETag, then 304 without a body', async () => {
    const id = await fullyPopulated();
    const first = await catalog.call('GET', `/api/v1/episodes/${id}`);
    const again = await catalog.call('GET', `/api/v1/episodes/${id}`, { headers: { 'if-none-match': first.response.headers.get('etag')! } });
    expect(again.status).to.equal(304);
  });

  it('When the episode is missing or soft-deleted, then 404 problem+json', async () => {
    const id = await fullyPopulated();
    await catalog.call('DELETE', `/api/v1/episodes/${id}`, { role: 'admin' });
    for (const path of [`/api/v1/episodes/${id}`, '/api/v1/episodes/2147483000']) {
      const got = await catalog.call('GET', path);
      expect(got.status, path).to.equal(404);
      expect(got.response.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(got.body).to.include({ status: 404 });
    }
  });

  it('When many reads share the pool, then each answers its own episode (one prepared statement per connection)', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => fullyPopulated({ episode_number: n })));
    const bodies = await Promise.all([...ids, ...ids].map((id) => catalog.call('GET', `/api/v1/episodes/${id}`)));
    expect(bodies.map((got) => got.body.id)).to.deep.equal([...ids, ...ids]);
  });

  it('When the database cannot be reached, then GET by id answers 503 problem+json at once (no hang, no 500)', async () => {
    const sequelize = createSequelize({ url: `postgres://postgres:postgres@127.0.0.1:${await freePort()}/gone`, logger, poolMax: 1 });
    const outbox = new Outbox({ sequelize, logger, publish: async () => undefined });
    const { issuer } = catalog.env;
    const verifier = createTokenVerifier({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientIds: [issuer.clientId] });
    const app = buildApp({ logger, gatewayContext: TEST_GATEWAY_CONTEXT, catalog: createCatalog({ sequelize, outbox, topic: 'catalog-events' }), verifier, readiness: {} });
    const { server, url } = await listen(app, 0);
    try {
      const path = '/api/v1/episodes/1';
      const headers = { authorization: `Bearer ${await issuer.sign({ role: 'viewer', sub: 'v' })}`, ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method: 'GET', url: path }, { ip: '127.0.0.1', requestId: 'outage', time: Date.now() }) };
      const response = await fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
      expect(response.status).to.equal(503);
      expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
    } finally {
      await closeServer(server);
      await sequelize.close();
    }
  });

  it('When the server cuts the connection of a read in flight, then that read answers 503 (never 500) and the next one 200', async () => {
    const id = await fullyPopulated();
    // A lock holds the reads in flight; then their backends are terminated, as a failover or restart would.
    const held = await catalog.sequelize.transaction(async (transaction) => {
      await catalog.sequelize.query('LOCK TABLE episodes IN ACCESS EXCLUSIVE MODE', { transaction });
      const reads = [1, 2, 3].map(() => catalog.call('GET', `/api/v1/episodes/${id}`));
      await waitFor(async () => (await waitingOnLock()) >= 3);
      await catalog.sequelize.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`, { transaction });
      return reads;
    });
    const statuses = (await Promise.all(held)).map((got) => got.status);
    expect(statuses).to.deep.equal([503, 503, 503]);
    expect((await catalog.call('GET', `/api/v1/episodes/${id}`)).status).to.equal(200);
  });

  async function waitingOnLock(): Promise<number> {
    const [rows] = await catalog.sequelize.query("SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    return (rows as { waiting: number }[])[0]!.waiting;
  }
});

/** Polls `condition` every 20 ms for up to 5 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
