import { expect } from 'chai';
import type { Server } from 'node:http';
import Router from '@koa/router';
import { AppError, createLogger } from '@episodic/core';
import { closeServer, createHttpApp, listen, validate, encodeCursor, decodeCursor } from '../src/index.ts';

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'season_number'],
  properties: { title: { type: 'string', minLength: 1 }, season_number: { type: 'integer', minimum: 0 } },
} as const;
const query = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
} as const;

describe('http/createHttpApp', () => {
  let server: Server;
  let url: string;
  let databaseUp = true;

  before(async () => {
    const router = new Router();
    router.get('/things', validate({ query }), (ctx) => void (ctx.body = { query: ctx.state.valid.query }));
    router.post('/things', validate({ body }), (ctx) => {
      ctx.status = 201;
      ctx.body = ctx.state.valid.body;
    });
    router.get('/boom', () => {
      throw new Error('secret internal detail');
    });
    router.get('/teapot', () => {
      throw new AppError('short-and-stout', 409, 'I am a conflicted teapot');
    });
    const app = createHttpApp({
      service: 'test',
      caller: 'edge',
      logger: createLogger({ name: 'test', level: 'silent' }),
      readiness: { database: async () => { if (!databaseUp) throw new Error('connection refused by 10.0.3.7:5432'); } },
      jsonLimit: '1kb',
      middleware: [router.routes(), router.allowedMethods()],
    });
    ({ server, url } = await listen(app, 0));
  });
  after(() => closeServer(server));

  it('When a request arrives, then it gets an x-request-id, or keeps a valid inbound one', async () => {
    const fresh = await fetch(`${url}/health`);
    expect(fresh.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).to.equal('abc-123');
    const replaced = await fetch(`${url}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).to.not.equal('bad id with spaces');
  });

  it('When the body breaks the schema, then 400 problem+json lists every field with its path', async () => {
    const response = await fetch(`${url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ season_number: -1, id: 7 }),
    });
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    const problem = (await response.json()) as any;
    expect(problem).to.include({ type: 'urn:problem:episodic:validation-failed', status: 400, title: 'Bad Request' });
    expect(problem.errors).to.deep.include.members([
      { path: '/title', message: 'is required' },
      { path: '/id', message: 'is not an accepted field (unknown or read-only)' },
      { path: '/season_number', message: 'must be >= 0' },
    ]);
  });

  it('When the query is out of range, then 400; when absent, defaults apply', async () => {
    expect((await fetch(`${url}/things?limit=101`)).status).to.equal(400);
    expect(await (await fetch(`${url}/things`)).json()).to.deep.equal({ query: { limit: 20 } });
    expect(await (await fetch(`${url}/things?limit=5`)).json()).to.deep.equal({ query: { limit: 5 } });
  });

  it('When the body is not JSON, then 415; when it is malformed JSON, then 400; when too large, then 413', async () => {
    const post = (headers: Record<string, string>, payload: string) => fetch(`${url}/things`, { method: 'POST', headers, body: payload });
    expect((await post({ 'content-type': 'text/plain' }, 'hello')).status).to.equal(415);
    const malformed = await post({ 'content-type': 'application/json' }, '{"title":');
    expect(malformed.status).to.equal(400);
    expect(((await malformed.json()) as any).type).to.equal('urn:problem:episodic:malformed-json');
    const large = await post({ 'content-type': 'application/json' }, JSON.stringify({ title: 'x'.repeat(5000), season_number: 1 }));
    expect(large.status).to.equal(413);
    expect(((await large.json()) as any).type).to.equal('urn:problem:episodic:too-large');
  });

  it('When the JSON body is a bare value or empty, then 400 (strict: objects and arrays only); one with a charset is read', async () => {
    const post = (headers: Record<string, string>, payload: string) => fetch(`${url}/things`, { method: 'POST', headers, body: payload });
    const scalar = await post({ 'content-type': 'application/json' }, '42');
    expect(scalar.status).to.equal(400);
    expect(((await scalar.json()) as any).type).to.equal('urn:problem:episodic:malformed-json');
    const empty = await post({ 'content-type': 'application/json' }, '');
    expect(empty.status, 'an empty body is {}, which lacks the required fields').to.equal(400);
    expect(((await empty.json()) as any).type).to.equal('urn:problem:episodic:validation-failed');
    const withCharset = await post({ 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ title: 'Pilot', season_number: 1 }));
    expect(withCharset.status).to.equal(201);
    expect(await withCharset.json()).to.deep.equal({ title: 'Pilot', season_number: 1 });
  });

  it('When a handler throws an unexpected error, then 500 problem without internals', async () => {
    const response = await fetch(`${url}/boom`);
    expect(response.status).to.equal(500);
    const text = await response.text();
    expect(text).to.not.contain('secret internal detail');
    expect(text).to.not.contain('at ');
  });

  it('When a handler throws an AppError, then its status, stable type and message reach the client', async () => {
    const problem = (await (await fetch(`${url}/teapot`)).json()) as any;
    expect(problem).to.include({ status: 409, type: 'urn:problem:episodic:short-and-stout', detail: 'I am a conflicted teapot', instance: '/teapot' });
  });

  it('When a route does not exist, then 404 problem+json; when the method is wrong, then 405 with Allow', async () => {
    const missing = await fetch(`${url}/nope`);
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('content-type')).to.contain('application/problem+json');
    const wrong = await fetch(`${url}/things`, { method: 'DELETE' });
    expect(wrong.status).to.equal(405);
    expect(wrong.headers.get('allow')).to.contain('GET');
    expect(wrong.headers.get('content-type')).to.contain('application/problem+json');
    expect(((await wrong.json()) as any).allow).to.include.members(['GET', 'POST']);
  });

  it('When a dependency is down, then /ready answers 503 naming the check but not why (no host), and 200 once it is back', async () => {
    databaseUp = false;
    const down = await fetch(`${url}/ready`);
    expect(down.status).to.equal(503);
    const text = await down.text();
    expect(JSON.parse(text).checks).to.deep.equal({ database: 'failing' });
    expect(text).to.not.match(/10\.0\.3\.7|5432|refused/);
    databaseUp = true;
    expect((await fetch(`${url}/ready`)).status).to.equal(200);
  });

  it('When /metrics is scraped, then request durations by route are exposed', async () => {
    await fetch(`${url}/things`);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).to.match(/http_request_duration_seconds_count\{[^}]*route="\/things"[^}]*\} \d+/);
    expect(metrics).to.contain('process_resident_memory_bytes');
  });

  it('When responses are sent, then security headers are set', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('x-frame-options')).to.equal('DENY');
  });
});

describe('http/cursors', () => {
  it('When a cursor round-trips, then the position is intact; a forged one is a 400', () => {
    const cursor = encodeCursor({ id: 7, air_date: '2024-01-01' });
    expect(decodeCursor(cursor, (v) => typeof v['id'] === 'number')).to.deep.equal({ id: 7, air_date: '2024-01-01' });
    expect(() => decodeCursor('not-a-cursor', () => true)).to.throw(AppError).with.property('status', 400);
    expect(() => decodeCursor(encodeCursor({ id: 'x' }), (v) => typeof v['id'] === 'number')).to.throw(AppError);
  });
});
