import type { JWTPayload } from 'jose';
import { invalidToken } from './token-errors.ts';

/** What a caller may be. `system` is a machine client (client-credentials), never a person. */
export type Role = 'admin' | 'editor' | 'viewer' | 'system';

/** Who is calling, as a verified token says; put on `ctx.state.principal` by `authenticate()`. */
export interface Principal {
  /** The Cognito subject: the user's id, or the app client id for machine clients. */
  sub: string;
  username: string | undefined;
  /** Known roles only; `[]` is a valid caller whom authorization then refuses. */
  roles: Role[];
  /** The access token's `scope`, split on spaces; id tokens carry none. */
  scopes: string[];
  tokenUse: 'access' | 'id';
  /** `client_id` of an access token, the matching `aud` of an id token. */
  clientId: string | undefined;
  /** `exp`, in epoch seconds. */
  expiresAt: number;
  /** The raw JWT, so the gateway can forward it for the service to re-verify. */
  token: string;
}

/** What a token's claims must satisfy beyond signature, issuer and lifetime. */
export interface ClaimRules {
  clientIds: readonly string[];
  systemScopes: readonly string[];
}

/** Cognito groups that map onto roles; any other group is ignored. */
const GROUP_ROLES: ReadonlySet<string> = new Set(['admin', 'editor', 'viewer']);

/**
 * Turns the claims of a signature-checked token into a Principal, enforcing Cognito's
 * `token_use` rules: access tokens name their app client in `client_id`, id tokens in `aud`.
 */
export function principalFromClaims(claims: JWTPayload, token: string, rules: ClaimRules): Principal {
  const tokenUse = claims['token_use'];
  if (tokenUse !== 'access' && tokenUse !== 'id') throw invalidToken('token_use must be access or id');
  const access = tokenUse === 'access';
  const clientId = access ? accessTokenClient(claims, rules) : idTokenAudience(claims, rules);
  const scopes = scopesOf(claims);
  const username = stringClaim(claims, access ? 'username' : 'cognito:username');
  const roles = groupRoles(claims);
  if (access && isMachineClient(username, scopes, rules)) roles.push('system');
  return { sub: claims.sub!, username, roles, scopes: access ? scopes : [], tokenUse, clientId, expiresAt: claims.exp!, token };
}

function accessTokenClient(claims: JWTPayload, rules: ClaimRules): string {
  const clientId = stringClaim(claims, 'client_id');
  if (clientId === undefined || !rules.clientIds.includes(clientId)) throw invalidToken('client_id not allowed');
  return clientId;
}

/** Cognito puts exactly one app client, as a string, in an id token's `aud`; a list is not its shape. */
function idTokenAudience(claims: JWTPayload, rules: ClaimRules): string {
  if (typeof claims.aud !== 'string' || !rules.clientIds.includes(claims.aud)) throw invalidToken('aud not allowed');
  return claims.aud;
}

/**
 * A client-credentials token has no user (no `username`) and carries the resource server's
 * scope; a user's token with the same custom scope does not make that user a machine.
 */
function isMachineClient(username: string | undefined, scopes: string[], rules: ClaimRules): boolean {
  return username === undefined && scopes.some((scope) => rules.systemScopes.includes(scope));
}

function groupRoles(claims: JWTPayload): Role[] {
  const groups = claims['cognito:groups'];
  if (!Array.isArray(groups)) return [];
  const roles = groups.filter((group): group is Role => typeof group === 'string' && GROUP_ROLES.has(group));
  return [...new Set(roles)];
}

/** `scope` is a space-separated string when present; any other type is a malformed token, not "no scopes". */
function scopesOf(claims: JWTPayload): string[] {
  if (claims['scope'] !== undefined && typeof claims['scope'] !== 'string') throw invalidToken('invalid scope claim');
  return (stringClaim(claims, 'scope') ?? '').split(' ').filter((scope) => scope.length > 0);
}

function stringClaim(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' ? value : undefined;
}
