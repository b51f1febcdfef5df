import { constants, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

/** The pool and clients the corpus is minted for (a Cognito-shaped issuer; nothing is fetched from it). */
export const POOL_ID = 'us-east-1_Differ3nt';
export const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
export const PEOPLE_CLIENT = 'people-app-client';
export const SYSTEM_CLIENT = 'system-app-client';
export const CLIENT_IDS = [PEOPLE_CLIENT, SYSTEM_CLIENT];

/** One token of the corpus and what was done to it. */
export interface CorpusToken {
  token: string;
  /** The mutation's category ('valid' for none): the unit the test reasons about. */
  category: string;
}

interface Key {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function rsaKey(kid: string): Key {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** Two published keys (a rotation in progress) and one the issuer never published. */
export function corpusKeys() {
  const published = [rsaKey('key-a'), rsaKey('key-b')];
  const foreign = rsaKey('key-foreign');
  const jwks = { keys: published.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' })) };
  return { published, foreign, jwks };
}

type Keys = ReturnType<typeof corpusKeys>;
type Claims = Record<string, unknown>;
type Header = Record<string, unknown>;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs any header and payload, whatever they say (so the corpus can hold what no library would mint). */
function mint(header: Header, claims: Claims | string, key: KeyObject, how: 'RS256' | 'RS384' | 'PS256' | 'HS256-public' | 'none' = 'RS256'): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const data = Buffer.from(input);
  const signature = {
    RS256: () => sign('sha256', data, key),
    RS384: () => sign('sha384', data, key),
    PS256: () => sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING }),
    'HS256-public': () => createHmac('sha256', key.export({ format: 'pem', type: 'spki' })).update(data).digest(),
    none: () => Buffer.alloc(0),
  }[how]();
  return `${input}.${signature.toString('base64url')}`;
}

const GROUP_SETS = [['admin'], ['editor'], ['viewer'], ['editor', 'viewer'], [], ['unknown-group'], ['admin', 'marketing']];

/** A valid token of each shape the system sees: a person's access and id token, a machine's access token. */
function validClaims(shape: number, now: number): Claims {
  const groups = GROUP_SETS[shape % GROUP_SETS.length]!;
  const common = { iss: ISSUER, sub: randomUUID(), iat: now - 10, exp: now + 3600, auth_time: now - 10 };
  if (shape % 3 === 0) return { ...common, token_use: 'access', client_id: PEOPLE_CLIENT, username: `user-${shape}`, scope: 'aws.cognito.signin.user.admin', 'cognito:groups': groups, jti: randomUUID() };
  if (shape % 3 === 1) return { ...common, token_use: 'id', aud: PEOPLE_CLIENT, 'cognito:username': `user-${shape}`, 'cognito:groups': groups, email: `u${shape}@example.com` };
  return { ...common, sub: SYSTEM_CLIENT, token_use: 'access', client_id: SYSTEM_CLIENT, scope: 'episodic/system' };
}

type Mutation = (claims: Claims, header: Header, keys: Keys, now: number) => string;

const without = (claims: Claims, name: string) => Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
const isAccess = (claims: Claims) => claims['token_use'] === 'access';
const clientClaim = (claims: Claims) => (isAccess(claims) ? 'client_id' : 'aud');

/**
 * The mutations, by category. Each takes a valid token's claims and header and returns a token.
 * Categories a deliberate strictness of Episodic covers are listed in the test and in
 * docs/AUTHENTICATION.md.
 */
export const MUTATIONS: Record<string, Mutation> = {
  valid: (claims, header, keys) => mint(header, claims, keys.published[0]!.privateKey),
  'valid-second-key': (claims, header, keys) => mint({ ...header, kid: 'key-b' }, claims, keys.published[1]!.privateKey),
  'aud-array': (claims, header, keys) => mint(header, isAccess(claims) ? { ...claims, client_id: [claims['client_id']] } : { ...claims, aud: ['other-client', PEOPLE_CLIENT] }, keys.published[0]!.privateKey),
  'valid-extra-claims': (claims, header, keys) => mint({ ...header, typ: 'JWT' }, { ...claims, custom: { nested: [1, 2] }, 'custom:tenant': 'x' }, keys.published[0]!.privateKey),
  'header-alg-none': (claims, header, keys) => mint({ ...header, alg: 'none' }, claims, keys.published[0]!.privateKey, 'none'),
  'header-alg-hs256-public-key': (claims, header, keys) => mint({ ...header, alg: 'HS256' }, claims, keys.published[0]!.publicKey, 'HS256-public'),
  'header-alg-rs384': (claims, header, keys) => mint({ ...header, alg: 'RS384' }, claims, keys.published[0]!.privateKey, 'RS384'),
  'header-alg-ps256': (claims, header, keys) => mint({ ...header, alg: 'PS256' }, claims, keys.published[0]!.privateKey, 'PS256'),
  'header-alg-lowercase': (claims, header, keys) => mint({ ...header, alg: 'rs256' }, claims, keys.published[0]!.privateKey),
  'header-alg-missing': (claims, header, keys) => mint({ kid: header['kid'] }, claims, keys.published[0]!.privateKey),
  'header-crit-unknown': (claims, header, keys) => mint({ ...header, crit: ['x-custom'], 'x-custom': true }, claims, keys.published[0]!.privateKey),
  'header-embedded-jwk': (claims, header, keys) => mint({ ...header, kid: 'key-foreign', jwk: { ...keys.foreign.publicKey.export({ format: 'jwk' }), kid: 'key-foreign' } }, claims, keys.foreign.privateKey),
  'header-jku': (claims, header, keys) => mint({ ...header, kid: 'key-foreign', jku: 'https://evil.example/jwks.json' }, claims, keys.foreign.privateKey),
  'kid-unknown': (claims, header, keys) => mint({ ...header, kid: 'key-foreign' }, claims, keys.foreign.privateKey),
  'kid-missing': (claims, _header, keys) => mint({ alg: 'RS256' }, claims, keys.published[0]!.privateKey),
  'kid-of-other-published-key': (claims, header, keys) => mint({ ...header, kid: 'key-b' }, claims, keys.published[0]!.privateKey),
  'kid-not-a-string': (claims, header, keys) => mint({ ...header, kid: 7 }, claims, keys.published[0]!.privateKey),
  'key-foreign-with-known-kid': (claims, header, keys) => mint(header, claims, keys.foreign.privateKey),
  'signature-flipped-bit': (claims, header, keys) => {
    const [head, body, signature] = mint(header, claims, keys.published[0]!.privateKey).split('.');
    const bytes = Buffer.from(signature!, 'base64url');
    bytes[bytes.length - 7]! ^= 0x01;
    return `${head}.${body}.${bytes.toString('base64url')}`;
  },
  'signature-truncated': (claims, header, keys) => mint(header, claims, keys.published[0]!.privateKey).slice(0, -12),
  'signature-empty': (claims, header, keys) => `${mint(header, claims, keys.published[0]!.privateKey).split('.').slice(0, 2).join('.')}.`,
  'payload-tampered-groups': (claims, header, keys) => {
    const [head, , signature] = mint(header, claims, keys.published[0]!.privateKey).split('.');
    const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
    return `${head}.${b64({ ...claims, 'cognito:groups': [...groups, 'admin'] })}.${signature}`;
  },
  'structure-two-parts': (claims, header, keys) => mint(header, claims, keys.published[0]!.privateKey).split('.').slice(0, 2).join('.'),
  'structure-four-parts': (claims, header, keys) => `${mint(header, claims, keys.published[0]!.privateKey)}.extra`,
  'structure-payload-not-json': (_claims, header, keys) => mint(header, 'not json at all', keys.published[0]!.privateKey),
  'structure-payload-array': (_claims, header, keys) => mint(header, JSON.stringify([1, 2, 3]), keys.published[0]!.privateKey),
  'iss-other-pool': (claims, header, keys) => mint(header, { ...claims, iss: `${ISSUER}x` }, keys.published[0]!.privateKey),
  'iss-trailing-slash': (claims, header, keys) => mint(header, { ...claims, iss: `${ISSUER}/` }, keys.published[0]!.privateKey),
  'iss-missing': (claims, header, keys) => mint(header, without(claims, 'iss'), keys.published[0]!.privateKey),
  'token-use-refresh': (claims, header, keys) => mint(header, { ...claims, token_use: 'refresh' }, keys.published[0]!.privateKey),
  'token-use-missing': (claims, header, keys) => mint(header, without(claims, 'token_use'), keys.published[0]!.privateKey),
  'token-use-swapped': (claims, header, keys) => mint(header, { ...claims, token_use: isAccess(claims) ? 'id' : 'access' }, keys.published[0]!.privateKey),
  'client-unknown': (claims, header, keys) => mint(header, { ...claims, [clientClaim(claims)]: 'someone-elses-client' }, keys.published[0]!.privateKey),
  'client-missing': (claims, header, keys) => mint(header, without(claims, clientClaim(claims)), keys.published[0]!.privateKey),
  'client-not-a-string': (claims, header, keys) => mint(header, { ...claims, [clientClaim(claims)]: 42 }, keys.published[0]!.privateKey),
  'exp-past': (claims, header, keys, now) => mint(header, { ...claims, exp: now - 120 }, keys.published[0]!.privateKey),
  'exp-missing': (claims, header, keys) => mint(header, without(claims, 'exp'), keys.published[0]!.privateKey),
  'exp-string': (claims, header, keys, now) => mint(header, { ...claims, exp: String(now + 3600) }, keys.published[0]!.privateKey),
  'nbf-future': (claims, header, keys, now) => mint(header, { ...claims, nbf: now + 600 }, keys.published[0]!.privateKey),
  'nbf-past': (claims, header, keys, now) => mint(header, { ...claims, nbf: now - 600 }, keys.published[0]!.privateKey),
  'iat-future': (claims, header, keys, now) => mint(header, { ...claims, iat: now + 600 }, keys.published[0]!.privateKey),
  'sub-missing': (claims, header, keys) => mint(header, without(claims, 'sub'), keys.published[0]!.privateKey),
  'groups-not-an-array': (claims, header, keys) => mint(header, { ...claims, 'cognito:groups': 'admin' }, keys.published[0]!.privateKey),
  'groups-mixed-types': (claims, header, keys) => mint(header, { ...claims, 'cognito:groups': ['editor', 7, null] }, keys.published[0]!.privateKey),
  'scope-other': (claims, header, keys) => mint(header, { ...claims, scope: 'openid profile' }, keys.published[0]!.privateKey),
  'scope-not-a-string': (claims, header, keys) => mint(header, { ...claims, scope: ['episodic/system'] }, keys.published[0]!.privateKey),
  oversized: (claims, header, keys) => mint(header, { ...claims, padding: 'x'.repeat(20_000) }, keys.published[0]!.privateKey),
};

/**
 * The corpus: every mutation applied to `shapes` valid tokens (people's access and id tokens with
 * various groups, and machine tokens), i.e. `shapes × mutations` tokens.
 */
export function tokenCorpus(keys: Keys, shapes: number, now = Math.floor(Date.now() / 1000)): CorpusToken[] {
  const corpus: CorpusToken[] = [];
  for (let shape = 0; shape < shapes; shape += 1) {
    const claims = validClaims(shape, now);
    for (const [category, mutate] of Object.entries(MUTATIONS)) {
      corpus.push({ token: mutate(claims, { alg: 'RS256', kid: 'key-a' }, keys, now), category });
    }
  }
  return corpus;
}
