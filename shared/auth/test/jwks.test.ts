import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalIssuer } from '@episodic/testing';
import { createTokenVerifier } from '../src/index.ts';
import { expectInvalidToken, rejectionOf } from './rejection.ts';

describe('auth/createTokenVerifier JWKS', () => {
  let issuer: LocalIssuer;

  before(async () => {
    issuer = await LocalIssuer.start();
  });
  after(() => issuer.close());

  const verifierFor = (options: { jwksUrl?: string; jwksCooldownMs?: number; jwksTimeoutMs?: number } = {}) =>
    createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], ...options });

  it('When many distinct tokens are verified, then the JWKS is fetched once', async () => {
    const verifier = verifierFor();
    const before = issuer.jwksRequests;
    for (const role of ['admin', 'editor', 'viewer', 'viewer'] as const) await verifier.verify(await issuer.sign({ role }));
    expect(issuer.jwksRequests - before).to.equal(1);
  });

  it('When unknown-kid tokens arrive within the cooldown, then the JWKS is not refetched for each', async () => {
    const verifier = verifierFor();
    const before = issuer.jwksRequests;
    await expectInvalidToken(verifier.verify(await issuer.signWithForeignKey()), 'unknown signing key');
    await expectInvalidToken(verifier.verify(await issuer.signWithForeignKey({ role: 'admin' })), 'unknown signing key');
    await verifier.verify(await issuer.sign());
    expect(issuer.jwksRequests - before).to.equal(1);
  });

  it('When an unknown kid arrives after the cooldown, then the JWKS is refetched (key rotation)', async () => {
    const verifier = verifierFor({ jwksCooldownMs: 0 });
    await verifier.verify(await issuer.sign());
    const before = issuer.jwksRequests;
    await expectInvalidToken(verifier.verify(await issuer.signWithForeignKey()), 'unknown signing key');
    expect(issuer.jwksRequests - before).to.equal(1);
  });

  it('When the JWKS endpoint refuses connections, then verification fails with 503, not 401', async () => {
    const gone = await LocalIssuer.start();
    const token = await gone.sign({ role: 'admin' });
    await gone.close();
    const verifier = createTokenVerifier({ issuer: gone.issuer, clientIds: [gone.clientId] });
    const error = await rejectionOf(verifier.verify(token));
    expect({ status: error.status, code: error.code }).to.deep.equal({ status: 503, code: 'dependency-unavailable' });
    expect(error.message).to.contain('identity provider');
  });

  describe('with a misbehaving JWKS server', () => {
    let server: Server;
    let url: string;
    let mode: 'hang' | 'error' = 'hang';

    before(async () => {
      server = createServer((_request, response) => {
        if (mode === 'error') response.writeHead(500).end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('When the JWKS endpoint never answers, then verification fails with 503 after the timeout', async () => {
      mode = 'hang';
      const started = Date.now();
      const error = await rejectionOf(verifierFor({ jwksUrl: url, jwksTimeoutMs: 200 }).verify(await issuer.sign()));
      expect(error.status).to.equal(503);
      expect(Date.now() - started).to.be.below(2000);
    });

    it('When the JWKS endpoint answers 500, then verification fails with 503', async () => {
      mode = 'error';
      const error = await rejectionOf(verifierFor({ jwksUrl: url }).verify(await issuer.sign()));
      expect(error.status).to.equal(503);
    });
  });
});
