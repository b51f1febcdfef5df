import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { LocalIssuer } from '../src/issuer.ts';
import { freePort } from '../src/ports.ts';

describe('testing/LocalIssuer', () => {
  let issuer: LocalIssuer;

  before(async () => {
    issuer = await LocalIssuer.start({ poolId: 'eu-west-1_test', clientId: 'test-client' });
  });
  after(() => issuer.close());

  const verify = (token: string, against: LocalIssuer = issuer) =>
    jwtVerify(token, createRemoteJWKSet(new URL(against.jwksUrl)), { issuer: against.issuer, algorithms: ['RS256'] });

  it('When started, then it serves its public key (and never the private part) as a JWKS, counting requests', async () => {
    expect(issuer.issuer).to.match(/^http:\/\/127\.0\.0\.1:\d+\/eu-west-1_test$/);
    expect(issuer.jwksUrl).to.equal(`${issuer.issuer}/.well-known/jwks.json`);
    const before = issuer.jwksRequests;
    const response = await fetch(issuer.jwksUrl);
    const { keys } = (await response.json()) as any;
    expect(issuer.jwksRequests).to.equal(before + 1);
    expect(keys).to.have.length(1);
    expect(keys[0]).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]).to.not.have.any.keys('d', 'p', 'q', 'dp', 'dq', 'qi');
    expect((await fetch(`${issuer.issuer}/elsewhere`)).status).to.equal(404);
  });

  it('When an origin is given (a container name), then tokens and the JWKS URL name it while it still listens on its host', async () => {
    const port = await freePort();
    const named = await LocalIssuer.start({ port, origin: 'http://issuer:3009', poolId: 'pool' });
    try {
      expect(named.issuer).to.equal('http://issuer:3009/pool');
      expect(named.jwksUrl).to.equal('http://issuer:3009/pool/.well-known/jwks.json');
      const token = await named.sign();
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(named.jwksUrl.replace('http://issuer:3009', `http://127.0.0.1:${port}`))), { issuer: 'http://issuer:3009/pool' });
      expect(payload.iss).to.equal('http://issuer:3009/pool');
    } finally {
      await named.close();
    }
  });

  it('When an access token is signed, then jose verifies it and it has Cognito access-token claims', async () => {
    const token = await issuer.sign({ role: 'editor', username: 'erin', expiresInSec: 120 });
    const { payload, protectedHeader } = await verify(token);
    expect(protectedHeader).to.deep.equal({ alg: 'RS256', kid: decodeProtectedHeader(token).kid });
    expect(payload).to.include({
      iss: issuer.issuer,
      token_use: 'access',
      client_id: 'test-client',
      username: 'erin',
      scope: 'aws.cognito.signin.user.admin',
    });
    expect(payload['cognito:groups']).to.deep.equal(['editor']);
    expect(payload.sub).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(payload.exp! - payload.iat!).to.equal(120);
    expect(payload).to.have.all.keys('sub', 'iss', 'token_use', 'auth_time', 'iat', 'exp', 'jti', 'cognito:groups', 'client_id', 'scope', 'username');
  });

  it('When the same user signs twice, then the sub is stable and the jti differs', async () => {
    const [a, b] = await Promise.all([verify(await issuer.sign({ username: 'sam' })), verify(await issuer.sign({ username: 'sam' }))]);
    expect(a.payload.sub).to.equal(b.payload.sub);
    expect(a.payload.jti).to.not.equal(b.payload.jti);
  });

  it('When an id token is signed, then it has aud, cognito:username and email instead of client_id', async () => {
    const { payload } = await verify(await issuer.sign({ role: 'admin', tokenUse: 'id', username: 'ada' }));
    expect(payload).to.include({ token_use: 'id', aud: 'test-client', 'cognito:username': 'ada', email: 'ada@episodic.local' });
    expect(payload).to.not.have.any.keys('client_id', 'scope', 'username');
  });

  it('When a system token is signed, then it looks like client credentials: no user, no groups, the system scope', async () => {
    const { payload } = await verify(await issuer.sign({ system: true }));
    expect(payload).to.include({ sub: 'test-client', client_id: 'test-client', scope: 'episodic/system', token_use: 'access' });
    expect(payload).to.not.have.any.keys('username', 'cognito:groups');
  });

  it('When claims overrides are given, then they replace or remove generated claims', async () => {
    const { payload } = await verify(await issuer.sign({ notBeforeSec: -1, claims: { custom: 1, jti: undefined } }));
    expect(payload).to.include({ custom: 1 });
    expect(payload).to.have.property('nbf');
    expect(payload).to.not.have.property('jti');
  });

  it('When a token is signed with the foreign key, then its kid is unknown to the JWKS', async () => {
    const token = await issuer.signWithForeignKey({ role: 'admin' });
    expect(decodeProtectedHeader(token).kid).to.not.equal(decodeProtectedHeader(await issuer.sign()).kid);
    const outcome = await verify(token).then(() => 'verified', (error: { code: string }) => error.code);
    expect(outcome).to.equal('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('When the public key PEM is asked for, then it is an SPKI public key', async () => {
    const pem = await issuer.publicKeyPem();
    expect(pem).to.match(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pem).to.not.contain('PRIVATE');
  });

  describe('with a key file', () => {
    let folder: string;
    let keyFile: string;

    before(async () => {
      folder = await mkdtemp(join(tmpdir(), 'episodic-issuer-'));
      keyFile = join(folder, 'state', 'issuer.json');
    });
    after(() => rm(folder, { recursive: true, force: true }));

    it('When restarted with the same key file, then the kid stays the same and old tokens still verify', async () => {
      const first = await LocalIssuer.start({ keyFile, poolId: 'pool' });
      const token = await first.sign({ role: 'admin' });
      await first.close();
      const second = await LocalIssuer.start({ keyFile, poolId: 'pool', port: 0 });
      try {
        expect(decodeProtectedHeader(await second.sign()).kid).to.equal(decodeProtectedHeader(token).kid);
        const jwks = createRemoteJWKSet(new URL(second.jwksUrl));
        await jwtVerify(token, jwks, { algorithms: ['RS256'] });
      } finally {
        await second.close();
      }
    });

    it('When a key file is written, then only its owner may read it and it records issuer and client', async () => {
      const started = await LocalIssuer.start({ keyFile, clientId: 'file-client' });
      await started.close();
      expect((await stat(keyFile)).mode & 0o777).to.equal(0o600);
      const content = JSON.parse(await readFile(keyFile, 'utf8'));
      expect(content).to.include({ issuer: started.issuer, clientId: 'file-client' });
      expect(content.privateJwk).to.have.property('d');
    });

    it('When tokens are minted from the key file, then the running issuer accepts them', async () => {
      const running = await LocalIssuer.start({ keyFile });
      try {
        const minter = await LocalIssuer.fromKeyFile(keyFile);
        expect({ issuer: minter.issuer, clientId: minter.clientId }).to.deep.equal({ issuer: running.issuer, clientId: running.clientId });
        const { payload } = await verify(await minter.sign({ role: 'viewer' }), running);
        expect(payload['cognito:groups']).to.deep.equal(['viewer']);
      } finally {
        await running.close();
      }
    });

    it('When the key file records no issuer, or is not a key file, then fromKeyFile says so', async () => {
      await (await LocalIssuer.start({ keyFile })).close();
      const { kid, privateJwk } = JSON.parse(await readFile(keyFile, 'utf8'));
      const bare = join(folder, 'bare.json');
      await writeFile(bare, JSON.stringify({ kid, privateJwk }));
      const noIssuer = await LocalIssuer.fromKeyFile(bare).then(() => 'loaded', (error: Error) => error.message);
      expect(noIssuer).to.contain('records no issuer');
      await writeFile(bare, '{"hello":"world"}');
      const notKey = await LocalIssuer.fromKeyFile(bare).then(() => 'loaded', (error: Error) => error.message);
      expect(notKey).to.contain('is not a local issuer key file');
    });
  });
});
