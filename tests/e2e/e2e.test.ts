import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { SignJWT, base64url } from 'jose';
import { createSecretKey } from 'node:crypto';
import { waitFor } from '@episodic/core';
import { signGatewayContext } from '@episodic/http';
import { bootSystem, call, roleTokens, type BootedSystem, type Role } from './system.ts';

describe('e2e: the system as npm start runs it', function () {
  this.timeout(60_000);
  let system: BootedSystem;
  let tokens: Record<Role, string>;
  let episodeNumber = 0;

  before(async () => {
    system = await bootSystem();
    tokens = await roleTokens(system);
  });
  after(() => system?.stop());

  const newEpisode = () => ({ show_name: 'E2E Show', season_number: 1, episode_number: ++episodeNumber, episode_title: `Episode ${episodeNumber}` });
  const createEpisode = async () => (await call(system, 'POST', '/api/v1/episodes', tokens.admin, newEpisode())).body;

  describe('every role against every route', () => {
    /** `ok` is the exact status of an allowed call; `metadata` seeds the episode's metadata first (GET and PUT need it to exist). */
    const routes: { method: string; path: (id: number) => string; body?: () => unknown; allowed: Role[]; ok: number; metadata?: boolean }[] = [
      { method: 'GET', path: () => '/api/v1/episodes', allowed: ['admin', 'editor', 'viewer', 'system'], ok: 200 },
      { method: 'GET', path: (id) => `/api/v1/episodes/${id}`, allowed: ['admin', 'editor', 'viewer', 'system'], ok: 200 },
      { method: 'POST', path: () => '/api/v1/episodes', body: newEpisode, allowed: ['admin', 'editor'], ok: 201 },
      { method: 'PUT', path: (id) => `/api/v1/episodes/${id}`, body: () => ({ plot_summary: randomUUID() }), allowed: ['admin', 'editor'], ok: 200 },
      { method: 'PATCH', path: (id) => `/api/v1/episodes/${id}`, body: () => ({ plot_summary: randomUUID() }), allowed: ['admin', 'editor'], ok: 200 },
      { method: 'DELETE', path: (id) => `/api/v1/episodes/${id}`, allowed: ['admin'], ok: 204 },
      { method: 'GET', path: (id) => `/api/v1/episodes/${id}/metadata`, allowed: ['admin', 'editor', 'viewer', 'system'], ok: 200, metadata: true },
      { method: 'POST', path: (id) => `/api/v1/episodes/${id}/metadata`, body: () => ({ tags: ['e2e'] }), allowed: ['admin', 'system'], ok: 201 },
      { method: 'PUT', path: (id) => `/api/v1/episodes/${id}/metadata`, body: () => ({ tags: ['e2e', 'edited'] }), allowed: ['admin'], ok: 200, metadata: true },
      { method: 'GET', path: () => '/api/v1/audit/activity', allowed: ['admin'], ok: 200 },
      { method: 'GET', path: () => '/api/v1/audit/verify', allowed: ['admin'], ok: 200 },
    ];
    for (const route of routes) {
      for (const role of ['admin', 'editor', 'viewer', 'system'] as const) {
        const allowed = route.allowed.includes(role);
        it(`When ${role} calls ${route.method} ${route.path(0).replace('/0', '/:id')}, then it is ${allowed ? `allowed with ${route.ok}` : 'denied with 403'}`, async () => {
          const episode = await createEpisode();
          if (route.metadata) expect((await call(system, 'POST', `/api/v1/episodes/${episode.id}/metadata`, tokens.admin, { tags: ['seed'] })).status).to.equal(201);
          const reply = await call(system, route.method, route.path(episode.id), tokens[role], route.body?.());
          expect(reply.status, JSON.stringify(reply.body)).to.equal(allowed ? route.ok : 403);
        });
      }
    }
  });

  describe('every JWT rejection', () => {
    const forge = async (header: object, payload: object, signature = '') =>
      `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
    const cases: [string, () => Promise<string | null>][] = [
      ['alg none', async () => forge({ alg: 'none' }, JSON.parse(Buffer.from((await system.issuer.sign({ role: 'admin' })).split('.')[1]!, 'base64url').toString()))],
      ['HS256 signed with the public key', async () => {
        const claims = JSON.parse(Buffer.from((await system.issuer.sign({ role: 'admin' })).split('.')[1]!, 'base64url').toString());
        return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(createSecretKey(Buffer.from(await system.issuer.publicKeyPem())));
      }],
      ['an unknown kid', () => system.issuer.signWithForeignKey({ role: 'admin' })],
      ['an expired token', () => system.issuer.sign({ role: 'admin', expiresInSec: -60 })],
      ['nbf in the future', () => system.issuer.sign({ role: 'admin', notBeforeSec: 3600 })],
      ['a wrong issuer', () => system.issuer.sign({ role: 'admin', claims: { iss: 'https://cognito-idp.us-east-1.amazonaws.com/someone-else' } })],
      ['a wrong token_use', () => system.issuer.sign({ role: 'admin', claims: { token_use: 'refresh' } })],
      ['a wrong client id', () => system.issuer.sign({ role: 'admin', claims: { client_id: 'not-ours' } })],
      ['a tampered payload', async () => {
        const [header, payload, signature] = (await system.issuer.sign({ role: 'viewer' })).split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        claims['cognito:groups'] = ['admin'];
        return `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
      }],
      ['garbage', async () => 'not.a.jwt'],
      ['no Authorization header', async () => null],
    ];
    for (const [name, token] of cases) {
      it(`When the token has ${name}, then 401 problem+json`, async () => {
        const reply = await call(system, 'GET', '/api/v1/episodes', await token());
        expect(reply.status).to.equal(401);
        expect(reply.headers.get('content-type')).to.contain('application/problem+json');
      });
    }
  });

  describe('bodies, conflicts and limits', () => {
    it('When a body is invalid, then 400 lists field paths, including unknown and read-only fields', async () => {
      const reply = await call(system, 'POST', '/api/v1/episodes', tokens.editor, { show_name: 'X', season_number: -1, id: 9, processing_status: 'complete', foo: 1 });
      expect(reply.status).to.equal(400);
      const paths = reply.body.errors.map((error: { path: string }) => error.path);
      expect(paths).to.include.members(['/season_number', '/episode_number', '/episode_title', '/id', '/processing_status', '/foo']);
    });

    it('When a URL field has a scheme other than http or https, then 400 names the field', async () => {
      const reply = await call(system, 'POST', '/api/v1/episodes', tokens.editor, { ...newEpisode(), thumbnail_url: 'javascript:alert(1)', poster_url: 'data:text/html,x' });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors.map((error: { path: string }) => error.path)).to.include.members(['/thumbnail_url', '/poster_url']);
    });

    it('When an episode is missing, then 404; when its triple is taken, then 409; when limit > 100, then 400', async () => {
      expect((await call(system, 'GET', '/api/v1/episodes/999999', tokens.viewer)).status).to.equal(404);
      const body = newEpisode();
      expect((await call(system, 'POST', '/api/v1/episodes', tokens.editor, body)).status).to.equal(201);
      expect((await call(system, 'POST', '/api/v1/episodes', tokens.editor, body)).status).to.equal(409);
      expect((await call(system, 'GET', '/api/v1/episodes?limit=101', tokens.viewer)).status).to.equal(400);
      expect((await call(system, 'GET', '/api/v1/nowhere', tokens.viewer)).status).to.equal(404);
    });
  });

  describe('audit end to end', () => {
    it("When an episode is updated, then its before/after reach the audit log with the request's correlation id", async () => {
      const episode = await createEpisode();
      const requestId = `e2e-${randomUUID()}`;
      const reply = await call(system, 'PUT', `/api/v1/episodes/${episode.id}`, tokens.editor, { rating: 9.1 }, { 'x-request-id': requestId });
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('x-request-id')).to.equal(requestId);
      const row = await waitFor(async () => (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${requestId}`, tokens.admin)).body.items?.find((item: { event_type: string }) => item.event_type === 'episode.updated'), { timeoutMs: 10_000, what: 'the audit row of episode.updated' });
      expect(row).to.include({ action_type: 'edit', resource_type: 'episode', resource_id: episode.id, correlation_id: requestId, outcome: 'success' });
      expect(row.user_id).to.be.a('string').and.not.empty;
      expect(row.old_values.rating).to.equal(null);
      expect(row.new_values.rating).to.equal(9.1);
    });

    it('When a viewer reads an episode, then one view row is recorded with the same correlation id', async () => {
      const episode = await createEpisode();
      const requestId = `e2e-${randomUUID()}`;
      await call(system, 'GET', `/api/v1/episodes/${episode.id}`, tokens.viewer, undefined, { 'x-request-id': requestId });
      const rows = await waitFor(async () => {
        const items = (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${requestId}`, tokens.admin)).body.items;
        return items?.length ? items : undefined;
      }, { timeoutMs: 10_000, what: 'the view row' });
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ action_type: 'view', resource_type: 'episode', resource_id: episode.id, outcome: 'success' });
    });

    it('When a caller reaches a service directly with a forged client ip and request id, then the audit log records neither', async () => {
      const catalogUrl = `http://127.0.0.1:${system.ports.catalog}`;
      const forged = signGatewayContext('a-key-that-is-not-the-gateway-context-key', { method: 'POST', url: '/api/v1/episodes' }, { ip: '203.0.113.66', requestId: 'forged-e2e-ctx', time: Date.now() });
      const response = await fetch(`${catalogUrl}/api/v1/episodes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.editor}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'forged-e2e', ...forged },
        body: JSON.stringify(newEpisode()),
      });
      expect(response.status).to.equal(201);
      const usedId = response.headers.get('x-request-id')!;
      expect(usedId).to.not.be.oneOf(['forged-e2e', 'forged-e2e-ctx']);
      const row = await waitFor(async () => (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${usedId}`, tokens.admin)).body.items?.[0], { timeoutMs: 10_000, what: 'the audit row' });
      expect(row).to.include({ action_type: 'create', ip_address: '127.0.0.1' });
      for (const id of ['forged-e2e', 'forged-e2e-ctx']) expect((await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${id}`, tokens.admin)).body.items).to.deep.equal([]);
    });

    it('When /ready and /metrics are asked, then the public port answers 404 and the loopback admin port answers', async () => {
      for (const path of ['/ready', '/metrics']) expect((await call(system, 'GET', path, null)).status, path).to.equal(404);
      expect((await fetch(`http://127.0.0.1:${system.ports.gatewayAdmin}/ready`)).status).to.equal(200);
      expect(await (await fetch(`http://127.0.0.1:${system.ports.gatewayAdmin}/metrics`)).text()).to.contain('http_request_duration_seconds');
    });

    it('When the log has been written by all of the above, then its hash chain verifies', async () => {
      const reply = await call(system, 'GET', '/api/v1/audit/verify', tokens.admin);
      expect(reply.body.valid).to.equal(true);
    });
  });
});
