import type { Middleware, ParameterizedContext } from 'koa';
import { AppError, Errors } from '@episodic/core';
import { bearerToken } from './bearer.ts';
import { isAllowed, matchRoute, type PolicyRule } from './policy.ts';
import type { Principal } from './principal.ts';
import type { TokenVerifier } from './verifier.ts';

/** What `authenticate()` and `authorize()` put on `ctx.state`. */
export interface AuthState {
  principal: Principal;
  rule: PolicyRule;
  routeParams: Record<string, string>;
}

/**
 * Verifies the request's bearer token and puts the caller on `ctx.state.principal`.
 * Throws 401 (with a `WWW-Authenticate: Bearer` challenge) or 503 as AppErrors; the app's
 * problem+json boundary renders them.
 *
 *   app.use(authenticate(verifier)); app.use(authorize());
 */
export function authenticate(verifier: TokenVerifier): Middleware<Partial<AuthState>> {
  return async (ctx, next) => {
    ctx.state.principal = await principalOf(ctx, verifier);
    await next();
  };
}

/**
 * Looks the request up in POLICY: 404 for an unknown path, 405 (with `Allow`) for a known
 * path with another method, 403 when the caller's roles are not in the rule. On success the
 * rule and path parameters are on `ctx.state.rule` / `ctx.state.routeParams` (for audit).
 * Must run after `authenticate()`.
 */
export function authorize(): Middleware<Partial<AuthState>> {
  return async (ctx, next) => {
    const principal = ctx.state.principal;
    if (!principal) throw Errors.unauthorized();
    const match = matchRoute(ctx.method, ctx.path);
    if ('status' in match) {
      if (match.status === 404) throw Errors.notFound(`${ctx.method} ${ctx.path}`);
      ctx.set('Allow', match.allowed!.join(', '));
      throw Errors.methodNotAllowed(ctx.method, ctx.path, match.allowed);
    }
    ctx.state.rule = match.rule;
    ctx.state.routeParams = match.params;
    if (!isAllowed(principal, match.rule)) throw Errors.forbidden();
    await next();
  };
}

async function principalOf(ctx: ParameterizedContext<Partial<AuthState>>, verifier: TokenVerifier): Promise<Principal> {
  try {
    return await verifier.verify(bearerToken(ctx.get('authorization') || undefined));
  } catch (error) {
    if (error instanceof AppError && error.status === 401) ctx.set('WWW-Authenticate', challenge(error));
    throw error;
  }
}

/** RFC 6750 §3: no credentials get a bare challenge, a rejected token names `invalid_token`. */
function challenge(error: AppError): string {
  return error.code === 'invalid-token' ? 'Bearer realm="episodic", error="invalid_token"' : 'Bearer realm="episodic"';
}
