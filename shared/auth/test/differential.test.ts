import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { expect } from 'chai';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import { createTokenVerifier } from '../src/index.ts';
import { CLIENT_IDS, corpusKeys, ISSUER, MUTATIONS, POOL_ID, tokenCorpus, type CorpusToken } from './token-corpus.ts';

/**
 * Where Episodic is deliberately stricter than aws-jwt-verify (docs/AUTHENTICATION.md says why):
 * on tokens of these categories Episodic rejects what the reference accepts. On every other
 * token the two must agree.
 */
const STRICTER: Record<string, string> = {
  'exp-missing': 'a token without exp would never expire; Cognito always sets it',
  'sub-missing': 'the audit trail needs a subject; Cognito always sets it',
  'header-crit-unknown': 'RFC 7515 §4.1.11: a critical header parameter the verifier does not understand must be refused',
  oversized: 'over 16 KB is refused before any work (Cognito tokens are 1-2 KB)',
};

describe('auth: differential check against aws-jwt-verify', function () {
  this.timeout(30_000);
  let jwksServer: Server;
  let corpus: CorpusToken[];
  const verdicts: { category: string; episodic: boolean; reference: boolean }[] = [];

  before(async () => {
    const keys = corpusKeys();
    jwksServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys.jwks)));
    jwksServer.listen(0, '127.0.0.1');
    await once(jwksServer, 'listening');
    const address = jwksServer.address() as { port: number };
    const episodic = createTokenVerifier({ issuer: ISSUER, jwksUrl: `http://127.0.0.1:${address.port}/jwks.json`, clientIds: CLIENT_IDS, cacheSize: 0 });
    // No network: the reference gets the same JWKS preloaded, and any fetch (an unknown kid) fails.
    const jwksCache = new SimpleJwksCache({ fetcher: { fetch: () => Promise.reject(new Error('no network in this test')) } });
    const reference = (['access', 'id'] as const).map((tokenUse) => {
      const verifier = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse, clientId: CLIENT_IDS, graceSeconds: 5 }, { jwksCache });
      verifier.cacheJwks(keys.jwks as Jwks);
      return verifier;
    });
    corpus = tokenCorpus(keys, 24);
    const accepts = (promise: Promise<unknown>) => promise.then(() => true, () => false);
    for (const { token, category } of corpus) {
      const [byEpisodic, ...byReference] = await Promise.all([accepts(episodic.verify(token)), ...reference.map((verifier) => accepts(verifier.verify(token)))]);
      verdicts.push({ category, episodic: byEpisodic!, reference: byReference.some(Boolean) });
    }
  });
  after(() => new Promise((resolve) => jwksServer.close(resolve)));

  it('When the corpus is generated, then it holds at least 1,000 tokens over every mutation category', () => {
    expect(corpus.length).to.be.at.least(1_000);
    expect(new Set(corpus.map((entry) => entry.category))).to.have.lengthOf(Object.keys(MUTATIONS).length);
  });

  it('When both verifiers judge every token, then they disagree only where Episodic is deliberately stricter, and there always', () => {
    const disagreements = verdicts.filter((verdict) => verdict.episodic !== verdict.reference);
    const byCategory = (list: typeof verdicts) => [...new Set(list.map((verdict) => verdict.category))].sort();
    expect(disagreements.filter((verdict) => verdict.episodic), 'Episodic accepts what the reference refuses').to.deep.equal([]);
    expect(byCategory(disagreements)).to.deep.equal(Object.keys(STRICTER).sort());
    for (const category of Object.keys(STRICTER)) {
      expect(verdicts.filter((verdict) => verdict.category === category).every((verdict) => !verdict.episodic && verdict.reference), category).to.equal(true);
    }
  });

  it('When a token is valid in any shape, then both accept it', () => {
    const valid = verdicts.filter((verdict) => verdict.category.startsWith('valid'));
    expect(valid.every((verdict) => verdict.episodic && verdict.reference)).to.equal(true);
  });
});
