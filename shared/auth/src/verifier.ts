import { createRemoteJWKSet, customFetch, jwtVerify, type FetchImplementation } from 'jose';
import { guard } from '@episodic/core';
import { principalFromClaims, type ClaimRules, type Principal } from './principal.ts';
import { PrincipalCache } from './principal-cache.ts';
import { invalidToken, verificationError } from './token-errors.ts';

/** Where tokens come from and whom they must be for. */
export interface TokenVerifierOptions {
  /** The user pool URL, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`; `iss` must equal it. */
  issuer: string;
  /** Default `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** App clients whose tokens are accepted (`client_id` of access tokens, `aud` of id tokens). */
  clientIds: string[];
  /** Leeway for `exp` and `nbf` against clock skew (default 5). */
  clockToleranceSec?: number;
  /** Scopes that make a client-credentials token a `system` caller (default `['episodic/system']`). */
  systemScopes?: string[];
  /** Least time between two JWKS fetches caused by unknown `kid`s (default 30000). */
  jwksCooldownMs?: number;
  /** A JWKS fetch taking longer fails with 503 (default 3000). */
  jwksTimeoutMs?: number;
  /** Verified tokens remembered until they expire (default 10000; 0 turns the cache off). */
  cacheSize?: number;
  /** Current time in epoch ms (default `Date.now`); tests move it to expire tokens without waiting. */
  now?: () => number;
}

/** Verifies bearer tokens; shared by the gateway and every service. */
export interface TokenVerifier {
  /** The caller a token names; rejects with 401 `invalid-token`, or 503 if the JWKS cannot be fetched. */
  verify(token: string): Promise<Principal>;
}

/** Cognito tokens are 1-2 KB; anything far larger is refused before it costs work or cache memory. */
const MAX_TOKEN_LENGTH = 16_384;

/**
 * Verifies Cognito JWTs (RS256 only) against the pool's JWKS, which is fetched over HTTP,
 * cached, refetched at most once per cooldown on an unknown `kid`, and guarded by a breaker.
 * Verified principals are cached by token until `exp`, because every request is verified
 * twice (gateway and service) and an RS256 check costs real CPU.
 *
 *   const verifier = createTokenVerifier({ issuer: config.COGNITO_ISSUER, clientIds: ['abc123'] });
 *   const principal = await verifier.verify(bearerToken(ctx.get('authorization')));
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if (options.clientIds.length === 0) throw new TypeError('createTokenVerifier needs at least one client id');
  const now = options.now ?? Date.now;
  const toleranceSec = options.clockToleranceSec ?? 5;
  const rules: ClaimRules = { clientIds: [...options.clientIds], systemScopes: options.systemScopes ?? ['episodic/system'] };
  const jwksUrl = options.jwksUrl ?? `${options.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
  const timeoutMs = options.jwksTimeoutMs ?? 3000;
  const keys = createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: timeoutMs,
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    [customFetch]: guardedFetch(timeoutMs),
  });
  const cache = new PrincipalCache(options.cacheSize ?? 10_000);

  const verifyUncached = async (token: string): Promise<Principal> => {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalidToken('malformed token');
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        clockTolerance: toleranceSec,
        currentDate: new Date(now()),
        requiredClaims: ['exp', 'sub'],
      });
      return principalFromClaims(payload, token, rules);
    } catch (error) {
      throw verificationError(error);
    }
  };

  return {
    async verify(token: string): Promise<Principal> {
      const cached = cache.get(token);
      if (cached === undefined) {
        const principal = await verifyUncached(token);
        cache.set(token, principal);
        return principal;
      }
      // Same rule as jose: expired once exp <= now - tolerance.
      if (cached.expiresAt > now() / 1000 - toleranceSec) return cached;
      cache.delete(token);
      throw invalidToken('token expired');
    },
  };
}

/**
 * The JWKS fetch behind an opossum breaker: a slow, failing or down identity provider
 * answers 503 at once instead of every request waiting out the timeout.
 */
function guardedFetch(timeoutMs: number): FetchImplementation {
  const fetchKeys = guard(
    'identity provider',
    async (url: string, init: Parameters<FetchImplementation>[1]) => {
      const response = await fetch(url, init);
      if (response.status === 200) return response;
      await response.body?.cancel();
      throw new Error(`JWKS answered HTTP ${response.status}`);
    },
    { timeoutMs },
  );
  return (url, init) => fetchKeys(url, init);
}
