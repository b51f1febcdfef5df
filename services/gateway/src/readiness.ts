import type { ReadinessCheck } from '@episodic/http';

const PROBE_TIMEOUT_MS = 1_500;

/** Resolves when `url` answers 2xx within a short timeout; rejects naming what it got instead. */
async function answers(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

/**
 * What `/ready` checks: the identity provider's keys can be fetched (without them no token can
 * be verified) and each configured service answers its `/health`. An unconfigured optional
 * service is not checked: its routes answer 503 "not configured" by design.
 */
export function readinessChecks(jwksUrl: string, upstreams: Record<string, string | undefined>): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = { jwks: () => answers(jwksUrl) };
  for (const [name, baseUrl] of Object.entries(upstreams)) {
    if (baseUrl) checks[name] = () => answers(new URL('/health', baseUrl).href);
  }
  return checks;
}
