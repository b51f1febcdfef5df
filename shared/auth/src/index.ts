export { createTokenVerifier } from './verifier.ts';
export type { TokenVerifier, TokenVerifierOptions } from './verifier.ts';
export type { Principal, Role } from './principal.ts';
export { bearerToken } from './bearer.ts';
export { POLICY, matchRoute, isAllowed } from './policy.ts';
export type { PolicyRule, RouteMatch, RouteMiss } from './policy.ts';
export { authenticate, authorize } from './middleware.ts';
export type { AuthState } from './middleware.ts';
