import { expect } from 'chai';
import { LocalIssuer } from '@episodic/testing';
import { createTokenVerifier } from '../src/index.ts';
import { expectInvalidToken } from './rejection.ts';

describe('auth/createTokenVerifier cache', () => {
  let issuer: LocalIssuer;
  let clockMs: number;
  const now = () => clockMs;

  before(async () => {
    issuer = await LocalIssuer.start();
  });
  beforeEach(() => {
    clockMs = Date.now();
  });
  after(() => issuer.close());

  it('When the same token is verified twice, then the second call returns the cached principal', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], now });
    const token = await issuer.sign({ role: 'editor' });
    expect(await verifier.verify(token)).to.equal(await verifier.verify(token));
  });

  it('When a cached token has expired, then it is rejected although it is in the cache', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], now });
    const token = await issuer.sign({ role: 'admin', expiresInSec: 60 });
    await verifier.verify(token);
    clockMs += 62_000;
    await verifier.verify(token);
    clockMs += 10_000;
    await expectInvalidToken(verifier.verify(token), 'token expired');
    await expectInvalidToken(verifier.verify(token), 'token expired');
  });

  it('When more tokens than cacheSize were verified, then the least recently used one is verified again', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], now, cacheSize: 2 });
    const [first, second, third] = await Promise.all([issuer.sign(), issuer.sign(), issuer.sign()]);
    const firstPrincipal = await verifier.verify(first!);
    const secondPrincipal = await verifier.verify(second!);
    expect(await verifier.verify(first!)).to.equal(firstPrincipal);
    await verifier.verify(third!);
    expect(await verifier.verify(first!)).to.equal(firstPrincipal);
    expect(await verifier.verify(second!)).to.not.equal(secondPrincipal);
  });

  it('When cacheSize is 0, then every call verifies anew', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], cacheSize: 0 });
    const token = await issuer.sign();
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).to.deep.equal(first);
    expect(second).to.not.equal(first);
  });
});
