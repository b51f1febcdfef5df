import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { AppError, toProblem } from '@episodic/core';
import { LocalIssuer } from '@episodic/testing';
import { authenticate, authorize, createTokenVerifier, type AuthState, type TokenVerifier } from '../src/index.ts';

/** A Koa app with the two middlewares and a minimal problem+json boundary, served on port 0. */
async function serve(verifier: TokenVerifier): Promise<{ url: string; server: Server }> {
  const app = new Koa<Partial<AuthState>>();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const problem = toProblem(error);
      const allow = error instanceof AppError ? error.extensions['allow'] : undefined;
      if (Array.isArray(allow)) ctx.set('Allow', allow.join(', '));
      ctx.status = problem.status;
      ctx.body = problem;
    }
  });
  app.use(authenticate(verifier));
  app.use(authorize());
  app.use((ctx) => {
    ctx.body = { sub: ctx.state.principal?.sub, rule: ctx.state.rule, params: ctx.state.routeParams };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('auth/authenticate + authorize', () => {
  let issuer: LocalIssuer;
  let url: string;
  let server: Server;

  before(async () => {
    issuer = await LocalIssuer.start();
    ({ url, server } = await serve(createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId] })));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await issuer.close();
  });

  const call = async (method: string, path: string, token?: string) => {
    const response = await fetch(`${url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };

  it('When a viewer reads an episode, then the handler sees the principal, the rule and the params', async () => {
    const { status, body } = await call('GET', '/api/v1/episodes/7?fields=title', await issuer.sign({ role: 'viewer', sub: 'v-1' }));
    expect(status).to.equal(200);
    expect(body.sub).to.equal('v-1');
    expect(body.rule).to.include({ method: 'GET', path: '/api/v1/episodes/:id', action: 'view', resource: 'episode' });
    expect(body.params).to.deep.equal({ id: '7' });
  });

  it('When there is no token, then the answer is 401 with a Bearer challenge', async () => {
    const { status, headers, body } = await call('GET', '/api/v1/episodes');
    expect(status).to.equal(401);
    expect(headers.get('www-authenticate')).to.equal('Bearer realm="episodic"');
    expect(body.type).to.equal('urn:problem:episodic:unauthorized');
  });

  it('When the token is expired, then the answer is 401 invalid_token saying why', async () => {
    const { status, headers, body } = await call('GET', '/api/v1/episodes', await issuer.sign({ expiresInSec: -60 }));
    expect(status).to.equal(401);
    expect(headers.get('www-authenticate')).to.contain('error="invalid_token"');
    expect(body).to.include({ type: 'urn:problem:episodic:invalid-token', detail: 'token expired' });
  });

  it('When a viewer deletes an episode, then the answer is 403', async () => {
    const { status, body } = await call('DELETE', '/api/v1/episodes/7', await issuer.sign({ role: 'viewer' }));
    expect(status).to.equal(403);
    expect(body.type).to.equal('urn:problem:episodic:forbidden');
  });

  it('When a token has no role, then even reading is 403', async () => {
    expect((await call('GET', '/api/v1/episodes', await issuer.sign({ groups: [] }))).status).to.equal(403);
  });

  it('When an admin uses a wrong method, then the answer is 405 with Allow', async () => {
    const { status, headers } = await call('POST', '/api/v1/audit/activity', await issuer.sign({ role: 'admin' }));
    expect(status).to.equal(405);
    expect(headers.get('allow')).to.equal('GET, HEAD');
  });

  it('When the path is unknown, then the answer is 404', async () => {
    expect((await call('GET', '/api/v1/nowhere', await issuer.sign({ role: 'admin' }))).status).to.equal(404);
  });

  it('When a system client posts metadata, then it passes, and deleting is 403', async () => {
    const token = await issuer.sign({ system: true });
    expect((await call('POST', '/api/v1/episodes/7/metadata', token)).status).to.equal(200);
    expect((await call('DELETE', '/api/v1/episodes/7', token)).status).to.equal(403);
  });
});
