import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
} from 'jose';

/** What a local token says about its holder; everything has a Cognito-like default. */
export interface SignOptions {
  /** Puts the holder in this Cognito group (default viewer). Ignored when `groups` or `system` is set. */
  role?: 'admin' | 'editor' | 'viewer';
  /** Exact `cognito:groups`; `[]` gives a token without any role. */
  groups?: string[];
  /** A client-credentials token: no groups, no username, scope `episodic/system`, sub = client id. */
  system?: boolean;
  sub?: string;
  username?: string;
  tokenUse?: 'access' | 'id';
  /** Lifetime from now; negative values give an already expired token (default 3600). */
  expiresInSec?: number;
  /** Adds `nbf` this many seconds from now. */
  notBeforeSec?: number;
  /** Claims laid over the generated ones; a value of `undefined` removes that claim. */
  claims?: Record<string, unknown>;
}

/** Options of {@link LocalIssuer.start}. */
export interface LocalIssuerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where clients reach the issuer, when not at the bound host (a container name): `http://issuer:3009`. */
  origin?: string;
  poolId?: string;
  clientId?: string;
  /** Keeps the signing key across restarts: loaded if present, else generated and written (mode 0600). */
  keyFile?: string;
}

/** Something that mints tokens for an issuer, with or without serving its JWKS. */
export type TokenMinter = Pick<LocalIssuer, 'sign' | 'issuer' | 'clientId'>;

/** The JSON kept in a key file: the private key, and where the issuer that used it was served. */
interface KeyFileContent {
  kid: string;
  privateJwk: JWK;
  issuer?: string;
  clientId?: string;
}

/** jose's key type (the WebCrypto CryptoKey, which this repo's lib settings do not name). */
type JoseKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface SigningKey {
  kid: string;
  privateJwk: JWK;
  privateKey: JoseKey;
}

const SYSTEM_SCOPE = 'episodic/system';
const COGNITO_USER_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * A Cognito-like token issuer for `npm start`, `npm run token` and every test: it signs
 * Cognito-shaped RS256 JWTs with its own key pair and serves the public key as a JWKS over
 * HTTP, so the very same verification code runs locally and against a real user pool.
 *
 *   const issuer = await LocalIssuer.start();
 *   const token = await issuer.sign({ role: 'editor' });
 *   // verify against issuer.issuer / issuer.jwksUrl, accept issuer.clientId
 */
export class LocalIssuer {
  /** The `iss` of every token: `http://<host>:<port>/<poolId>`. */
  readonly issuer: string;
  /** Where the public keys are served. */
  readonly jwksUrl: string;
  /** The app client id: `client_id` of access tokens, `aud` of id tokens. */
  readonly clientId: string;
  /** How many times the JWKS was fetched; tests assert caching and refetch limits with it. */
  jwksRequests = 0;
  readonly #key: SigningKey;
  readonly #server: Server | undefined;
  #foreignKey: Promise<SigningKey> | undefined;

  private constructor(key: SigningKey, issuer: string, clientId: string, server?: Server) {
    this.#key = key;
    this.issuer = issuer;
    this.jwksUrl = `${issuer}/.well-known/jwks.json`;
    this.clientId = clientId;
    this.#server = server;
  }

  /** Starts the JWKS server; with a `keyFile`, reuses its key and records the issuer URL in it. */
  static async start(options: LocalIssuerOptions = {}): Promise<LocalIssuer> {
    const host = options.host ?? '127.0.0.1';
    const poolId = options.poolId ?? 'local_pool';
    const clientId = options.clientId ?? 'episodic-local';
    const key = options.keyFile ? await loadOrCreateKey(options.keyFile) : await generateSigningKey();
    const server = createServer();
    await listenOn(server, options.port ?? 0, host);
    const { port } = server.address() as AddressInfo;
    const issuer = new LocalIssuer(key, `${options.origin ?? `http://${host}:${port}`}/${poolId}`, clientId, server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => issuer.#answer(request, response, poolId));
    if (options.keyFile) await writeKeyFile(options.keyFile, { kid: key.kid, privateJwk: key.privateJwk, issuer: issuer.issuer, clientId });
    return issuer;
  }

  /**
   * Signs for the issuer recorded in a key file without serving anything, so `npm run token`
   * can mint tokens that the running system (whose issuer wrote the file) accepts.
   */
  static async fromKeyFile(keyFile: string): Promise<TokenMinter> {
    const content = await readKeyFile(keyFile);
    if (!content.issuer || !content.clientId) {
      throw new Error(`${keyFile} records no issuer; start the local issuer with this key file first`);
    }
    return new LocalIssuer(await importKey(content), content.issuer, content.clientId);
  }

  /** A Cognito-shaped RS256 token with this issuer's key and `kid`. */
  async sign(options: SignOptions = {}): Promise<string> {
    return signClaims(this.#key, this.#claims(options));
  }

  /** A well-formed token signed by a key this issuer never published (an unknown `kid`). */
  async signWithForeignKey(options: SignOptions = {}): Promise<string> {
    this.#foreignKey ??= generateSigningKey();
    return signClaims(await this.#foreignKey, this.#claims(options));
  }

  /** The public key as PEM: what an attacker has, to forge e.g. HS256 tokens keyed with it. */
  async publicKeyPem(): Promise<string> {
    const publicKey = await importJWK(publicJwkOf(this.#key), 'RS256', { extractable: true });
    return exportSPKI(publicKey as JoseKey);
  }

  /** Stops serving the JWKS (open keep-alive connections included). */
  async close(): Promise<void> {
    const server = this.#server;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    server.closeAllConnections();
    await closed;
  }

  #claims(options: SignOptions): JWTPayload {
    return tokenClaims(options, this.issuer, this.clientId);
  }

  #answer(request: IncomingMessage, response: ServerResponse, poolId: string): void {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === `/${poolId}/.well-known/jwks.json`) {
      this.jwksRequests += 1;
      return sendJson(response, 200, { keys: [publicJwkOf(this.#key)] });
    }
    if (request.method === 'GET' && path === `/${poolId}/.well-known/openid-configuration`) {
      return sendJson(response, 200, { issuer: this.issuer, jwks_uri: this.jwksUrl, id_token_signing_alg_values_supported: ['RS256'] });
    }
    sendJson(response, 404, { message: 'not found' });
  }
}

/** The claims Cognito puts in access and id tokens, for the holder `options` describes. */
function tokenClaims(options: SignOptions, issuer: string, clientId: string): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const system = options.system === true;
  const username = system ? undefined : (options.username ?? `local-${options.role ?? 'viewer'}`);
  const groups = system ? [] : (options.groups ?? [options.role ?? 'viewer']);
  const common: JWTPayload = {
    sub: options.sub ?? (username ? stableUuid(username) : clientId),
    iss: issuer,
    token_use: options.tokenUse ?? 'access',
    auth_time: now,
    iat: now,
    exp: now + (options.expiresInSec ?? 3600),
    jti: randomUUID(),
    ...(groups.length > 0 ? { 'cognito:groups': groups } : {}),
    ...(options.notBeforeSec === undefined ? {} : { nbf: now + options.notBeforeSec }),
  };
  const specific: JWTPayload =
    common['token_use'] === 'id'
      ? { aud: clientId, 'cognito:username': username, email: `${username ?? 'client'}@episodic.local`, email_verified: true }
      : { client_id: clientId, scope: system ? SYSTEM_SCOPE : COGNITO_USER_SCOPE, username };
  return withoutUndefined({ ...common, ...specific, ...options.claims });
}

async function signClaims(key: SigningKey, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
}

/** Cognito subs are UUIDs; derive one from the username so a local user keeps its id across runs. */
function stableUuid(name: string): string {
  const hex = createHash('sha256').update(`episodic-local:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function withoutUndefined(claims: Record<string, unknown>): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

function publicJwkOf(key: SigningKey): JWK {
  const { kty, n, e } = key.privateJwk;
  return { kty, n, e, kid: key.kid, alg: 'RS256', use: 'sig' };
}

async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return { kid, privateJwk, privateKey };
}

async function importKey(content: KeyFileContent): Promise<SigningKey> {
  const privateKey = await importJWK(content.privateJwk, 'RS256');
  return { kid: content.kid, privateJwk: content.privateJwk, privateKey: privateKey as JoseKey };
}

async function loadOrCreateKey(keyFile: string): Promise<SigningKey> {
  const existing = await readKeyFile(keyFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing) return importKey(existing);
  const key = await generateSigningKey();
  await writeKeyFile(keyFile, { kid: key.kid, privateJwk: key.privateJwk });
  return key;
}

async function readKeyFile(keyFile: string): Promise<KeyFileContent> {
  const content = JSON.parse(await readFile(keyFile, 'utf8')) as Partial<KeyFileContent>;
  if (typeof content.kid !== 'string' || typeof content.privateJwk?.n !== 'string' || typeof content.privateJwk.d !== 'string') {
    throw new Error(`${keyFile} is not a local issuer key file (expected { kid, privateJwk })`);
  }
  return content as KeyFileContent;
}

/** Written beside and renamed into place, so a concurrent `npm run token` never reads half a file. */
async function writeKeyFile(keyFile: string, content: KeyFileContent): Promise<void> {
  await mkdir(dirname(keyFile), { recursive: true });
  const temporary = `${keyFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, keyFile);
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const caching = status === 200 ? 'public, max-age=3600' : 'no-store';
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': caching });
  response.end(JSON.stringify(body));
}
