import { Errors } from '@episodic/core';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 syntax); anything else,
 * including a missing header or Basic credentials, is a 401.
 *
 *   bearerToken(ctx.get('authorization') || undefined)
 */
export function bearerToken(authorization: string | undefined): string {
  const match = BEARER.exec(authorization ?? '');
  if (!match) throw Errors.unauthorized('A bearer token is required (Authorization: Bearer <token>).');
  return match[1]!;
}
