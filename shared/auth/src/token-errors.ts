import { errors } from 'jose';
import { AppError, Errors } from '@episodic/core';

/** A token we refuse: 401 with a short reason the client may read (never the token itself). */
export function invalidToken(reason: string, cause?: unknown): AppError {
  return new AppError('invalid-token', 401, reason, { cause, expose: true });
}

const REASONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'token expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature verification failed',
  ERR_JOSE_ALG_NOT_ALLOWED: 'unsupported alg',
  ERR_JOSE_NOT_SUPPORTED: 'unsupported token feature',
  ERR_JWKS_NO_MATCHING_KEY: 'unknown signing key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'ambiguous signing key',
  ERR_JWS_INVALID: 'malformed token',
  ERR_JWT_INVALID: 'malformed token',
};

/** Failures that are the identity provider's (its JWKS unreachable, slow or broken), not the token's. */
const PROVIDER_FAILURES: ReadonlySet<string> = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JWK_INVALID', 'ERR_JOSE_GENERIC']);

/**
 * Maps whatever jose (or the guarded JWKS fetch) threw onto the one error vocabulary:
 * 401 `invalid-token` for a bad token, 503 when the identity provider cannot be asked.
 */
export function verificationError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof errors.JOSEError)) {
    return new AppError('internal', 500, 'token verification failed unexpectedly', { cause: error, expose: false });
  }
  if (PROVIDER_FAILURES.has(error.code)) return Errors.unavailable('identity provider', error);
  if (error instanceof errors.JWTClaimValidationFailed) return invalidToken(claimReason(error), error);
  return invalidToken(REASONS[error.code] ?? 'invalid token', error);
}

function claimReason(error: InstanceType<typeof errors.JWTClaimValidationFailed>): string {
  if (error.claim === 'iss') return 'unexpected issuer';
  if (error.claim === 'nbf') return 'token not yet valid';
  if (error.reason === 'missing') return `missing ${error.claim} claim`;
  return `invalid ${error.claim} claim`;
}
