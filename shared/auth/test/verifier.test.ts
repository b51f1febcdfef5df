import { expect } from 'chai';
import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { LocalIssuer } from '@episodic/testing';
import { createTokenVerifier, type TokenVerifier } from '../src/index.ts';
import { expectInvalidToken } from './rejection.ts';

describe('auth/createTokenVerifier', () => {
  let issuer: LocalIssuer;
  let verifier: TokenVerifier;

  before(async () => {
    issuer = await LocalIssuer.start();
    verifier = createTokenVerifier({ issuer: issuer.issuer, clientIds: ['some-other-app', issuer.clientId] });
  });
  after(() => issuer.close());

  describe('accepted tokens', () => {
    it('When an editor access token is verified, then the principal names the user, role, scopes and client', async () => {
      const token = await issuer.sign({ role: 'editor', sub: 'user-1', username: 'erin' });
      const principal = await verifier.verify(token);
      expect(principal).to.deep.equal({
        sub: 'user-1',
        username: 'erin',
        roles: ['editor'],
        scopes: ['aws.cognito.signin.user.admin'],
        tokenUse: 'access',
        clientId: issuer.clientId,
        expiresAt: decodeJwt(token).exp,
        token,
      });
    });

    it('When an id token has our client as aud, then it is accepted with cognito:username', async () => {
      const principal = await verifier.verify(await issuer.sign({ role: 'viewer', tokenUse: 'id', username: 'vic' }));
      expect(principal).to.include({ tokenUse: 'id', username: 'vic', clientId: issuer.clientId });
      expect(principal.roles).to.deep.equal(['viewer']);
      expect(principal.scopes).to.deep.equal([]);
    });

    it('When groups include unknown ones, then only admin/editor/viewer become roles', async () => {
      const principal = await verifier.verify(await issuer.sign({ groups: ['marketing', 'admin', 'viewer', 'admin'] }));
      expect(principal.roles).to.deep.equal(['admin', 'viewer']);
    });

    it('When a token carries no group, then it is a valid principal without roles', async () => {
      const principal = await verifier.verify(await issuer.sign({ groups: [] }));
      expect(principal.roles).to.deep.equal([]);
    });

    it('When a client-credentials token has the system scope, then the principal has the system role', async () => {
      const principal = await verifier.verify(await issuer.sign({ system: true }));
      expect(principal).to.include({ sub: issuer.clientId, username: undefined, tokenUse: 'access' });
      expect(principal.roles).to.deep.equal(['system']);
      expect(principal.scopes).to.deep.equal(['episodic/system']);
    });

    it('When a user token carries the system scope, then the user does not become system', async () => {
      const token = await issuer.sign({ role: 'viewer', claims: { scope: 'openid episodic/system' } });
      expect((await verifier.verify(token)).roles).to.deep.equal(['viewer']);
    });

    it('When systemScopes is configured, then only those scopes grant the system role', async () => {
      const custom = createTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], systemScopes: ['batch/ingest'] });
      const ingest = await issuer.sign({ system: true, claims: { scope: 'batch/ingest' } });
      expect((await custom.verify(ingest)).roles).to.deep.equal(['system']);
      expect((await custom.verify(await issuer.sign({ system: true }))).roles).to.deep.equal([]);
    });

    it('When exp passed less than the 5 s leeway ago, then the token is still accepted', async () => {
      const principal = await verifier.verify(await issuer.sign({ expiresInSec: -2 }));
      expect(principal.roles).to.deep.equal(['viewer']);
    });

    it('When nbf is less than the leeway ahead, then the token is accepted', async () => {
      await verifier.verify(await issuer.sign({ notBeforeSec: 2 }));
    });
  });

  describe('rejected tokens', () => {
    it('When alg is none, then it is refused as an unsupported alg', async () => {
      const claims = decodeJwt(await issuer.sign({ role: 'admin' }));
      await expectInvalidToken(verifier.verify(new UnsecuredJWT(claims).encode()), 'unsupported alg');
    });

    it('When a token is HS256-signed with the RSA public key (algorithm confusion), then it is refused', async () => {
      const genuine = await issuer.sign({ role: 'admin' });
      const secret = new TextEncoder().encode(await issuer.publicKeyPem());
      const forged = await new SignJWT(decodeJwt(genuine))
        .setProtectedHeader({ alg: 'HS256', kid: decodeProtectedHeader(genuine).kid! })
        .sign(secret);
      await expectInvalidToken(verifier.verify(forged), 'unsupported alg');
    });

    it('When the signing key is not in the JWKS, then it is refused as an unknown key', async () => {
      await expectInvalidToken(verifier.verify(await issuer.signWithForeignKey({ role: 'admin' })), 'unknown signing key');
    });

    it('When the token expired beyond the leeway, then it is refused as expired', async () => {
      await expectInvalidToken(verifier.verify(await issuer.sign({ expiresInSec: -10 })), 'token expired');
    });

    it('When nbf is beyond the leeway in the future, then it is refused as not yet valid', async () => {
      await expectInvalidToken(verifier.verify(await issuer.sign({ notBeforeSec: 60 })), 'token not yet valid');
    });

    it('When iss is another pool, then it is refused as an unexpected issuer', async () => {
      const token = await issuer.sign({ claims: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' } });
      await expectInvalidToken(verifier.verify(token), 'unexpected issuer');
    });

    it('When token_use is refresh or missing, then it is refused', async () => {
      await expectInvalidToken(verifier.verify(await issuer.sign({ claims: { token_use: 'refresh' } })), 'token_use must be access or id');
      await expectInvalidToken(verifier.verify(await issuer.sign({ claims: { token_use: undefined } })), 'token_use must be access or id');
    });

    it('When an access token names another client_id, then it is refused', async () => {
      await expectInvalidToken(verifier.verify(await issuer.sign({ claims: { client_id: 'stranger' } })), 'client_id not allowed');
    });

    it('When an id token has another aud, then it is refused', async () => {
      const token = await issuer.sign({ tokenUse: 'id', claims: { aud: 'stranger' } });
      await expectInvalidToken(verifier.verify(token), 'aud not allowed');
    });

    it('When an id token is checked against client_id instead of aud, then a matching client_id does not help', async () => {
      const token = await issuer.sign({ tokenUse: 'id', claims: { aud: 'stranger', client_id: issuer.clientId } });
      await expectInvalidToken(verifier.verify(token), 'aud not allowed');
    });

    it('When the payload was tampered with, then the signature check fails', async () => {
      const genuine = await issuer.sign({ role: 'viewer' });
      const [header, , signature] = genuine.split('.');
      const promoted = { ...decodeJwt(genuine), 'cognito:groups': ['admin'] };
      const payload = Buffer.from(JSON.stringify(promoted)).toString('base64url');
      await expectInvalidToken(verifier.verify(`${header}.${payload}.${signature}`), 'signature verification failed');
    });

    it('When sub or exp is missing, then it is refused naming the claim', async () => {
      await expectInvalidToken(verifier.verify(await issuer.sign({ claims: { sub: undefined } })), 'missing sub claim');
      await expectInvalidToken(verifier.verify(await issuer.sign({ claims: { exp: undefined } })), 'missing exp claim');
    });

    it('When the token is garbage, then it is refused as malformed', async () => {
      for (const garbage of ['not-a-jwt', 'a.b.c', '', 'x'.repeat(20_000)]) {
        await expectInvalidToken(verifier.verify(garbage), 'malformed token');
      }
    });
  });
});
