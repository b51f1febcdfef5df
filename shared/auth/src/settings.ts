import { createTokenVerifier, type TokenVerifier } from './verifier.ts';

/** The identity-provider settings every service reads (spread into its config spec). */
export const COGNITO_SETTINGS = {
  COGNITO_ISSUER: { type: 'string', pattern: '^https?://', description: 'Token issuer: the Cognito user pool URL (https://cognito-idp.<region>.amazonaws.com/<pool>); tokens from others are rejected. Services re-verify the token the gateway forwards.' },
  COGNITO_JWKS_URL: { type: 'string', optional: true, pattern: '^https?://', description: 'Where the signing keys are; unset, <COGNITO_ISSUER>/.well-known/jwks.json.' },
  COGNITO_CLIENT_IDS: { type: 'string', description: 'Comma-separated app client ids whose tokens are accepted (client_id of access tokens, aud of id tokens).' },
} as const;

export interface CognitoConfig {
  COGNITO_ISSUER: string;
  COGNITO_JWKS_URL: string | undefined;
  COGNITO_CLIENT_IDS: string;
}

/** The comma-separated client ids as a list. */
export function clientIdsOf(config: Pick<CognitoConfig, 'COGNITO_CLIENT_IDS'>): string[] {
  return config.COGNITO_CLIENT_IDS.split(',').map((id) => id.trim()).filter(Boolean);
}

/** Where the identity provider publishes its keys (Cognito's convention when not set explicitly). */
export function jwksUrlOf(config: Pick<CognitoConfig, 'COGNITO_ISSUER' | 'COGNITO_JWKS_URL'>): string {
  return config.COGNITO_JWKS_URL ?? `${config.COGNITO_ISSUER.replace(/\/$/, '')}/.well-known/jwks.json`;
}

/** The token verifier a service's Cognito settings describe. */
export function verifierFromConfig(config: CognitoConfig): TokenVerifier {
  return createTokenVerifier({ issuer: config.COGNITO_ISSUER, jwksUrl: jwksUrlOf(config), clientIds: clientIdsOf(config) });
}
