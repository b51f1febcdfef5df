import type { Context, Next } from 'koa';
import { AppError, ConfigError } from '@episodic/core';
import { bearerToken, type Principal, type TokenVerifier } from '@episodic/auth';
import type { RequestState } from '@episodic/http';
import { TokenBuckets, type BucketRate } from './token-buckets.ts';

/** Who a rate applies to: a role of a verified caller, or `anonymous` (per ip, no valid token). */
export type RateClass = 'anonymous' | 'viewer' | 'editor' | 'admin' | 'system';

export type RateTable = Record<RateClass, BucketRate>;

const DEFAULT_RATES = 'anonymous=10/30,viewer=50/100,editor=50/100,admin=50/100,system=200/400';

/**
 * `'viewer=50/100,anonymous=5/10'` → a full table, the classes left out at their defaults.
 * A rate of 0 or a burst below 1 stops the gateway at boot.
 */
export function parseRates(setting: string): RateTable {
  const table = {} as RateTable;
  for (const entry of `${DEFAULT_RATES},${setting}`.split(',').filter(Boolean)) {
    const [name, rate, burst] = entry.split(/[=/]/) as [RateClass, string, string];
    table[name] = { ratePerSecond: Number(rate), burst: Number(burst) };
    if (!(Number(rate) > 0) || !(Number(burst) >= 1)) throw new ConfigError(`GATEWAY_RATE_LIMITS: ${name} needs a rate above 0 and a burst of at least 1 (got "${entry}")`);
  }
  return table;
}

export interface RateLimitOptions {
  verifier: TokenVerifier;
  rates: RateTable;
  /** Buckets remembered at most. */
  callers: number;
}

/**
 * Token buckets in front of everything else in `/api/v1`: one per verified caller (its user or
 * client id, at its most generous role's rate) and one per ip for requests without a valid token
 * (so a flood of forged tokens is throttled too). Over the limit: 429 problem+json with
 * `Retry-After`; every answer carries `RateLimit-Policy` and `RateLimit` (IETF httpapi draft).
 * Limits hold per gateway instance; the AWS WAF rate rule covers the fleet (docs/DEPLOYMENT.md).
 */
export function rateLimit(options: RateLimitOptions) {
  const buckets = new TokenBuckets(options.callers);
  return async (ctx: Context & { state: RequestState }, next: Next): Promise<void> => {
    const caller = await callerOf(ctx, options);
    const rate = options.rates[caller.rateClass];
    const take = buckets.take(caller.key, rate);
    ctx.set('RateLimit-Policy', `"${caller.rateClass}";q=${rate.burst};w=${Math.ceil(rate.burst / rate.ratePerSecond)}`);
    ctx.set('RateLimit', `"${caller.rateClass}";r=${take.remaining};t=${take.allowed ? take.resetSeconds : take.retryAfterSeconds}`);
    if (!take.allowed) {
      ctx.set('Retry-After', String(take.retryAfterSeconds));
      ctx.state.log.warn({ rateClass: caller.rateClass, caller: caller.key }, 'rate limited');
      throw new AppError('rate-limited', 429, `Too many requests; try again in ${take.retryAfterSeconds} s.`, { expose: true });
    }
    await next();
  };
}

/**
 * The bucket a request draws from. The token is verified here too (a cache hit for the
 * authentication that follows); a missing or bad one, or an identity provider that cannot be
 * asked, counts against the ip, and authentication then answers for it.
 */
async function callerOf(ctx: Context & { state: RequestState }, { verifier, rates }: RateLimitOptions): Promise<{ key: string; rateClass: RateClass }> {
  const anonymous = { key: `ip:${ctx.state.clientIp}`, rateClass: 'anonymous' as const };
  const authorization = ctx.get('authorization');
  if (!authorization) return anonymous;
  try {
    const principal = await verifier.verify(bearerToken(authorization));
    return { key: principalKey(principal), rateClass: mostGenerous(principal, rates) };
  } catch {
    return anonymous;
  }
}

function principalKey(principal: Principal): string {
  return principal.roles.includes('system') && principal.clientId ? `client:${principal.clientId}` : `user:${principal.sub}`;
}

/** The caller's role with the highest configured rate; a caller without a known role is anonymous. */
function mostGenerous(principal: Principal, rates: RateTable): RateClass {
  const byRate = [...principal.roles].sort((a, b) => rates[b].ratePerSecond - rates[a].ratePerSecond);
  return byRate[0] ?? 'anonymous';
}
