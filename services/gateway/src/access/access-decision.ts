/** How an authenticated request ended, as the audit trail records it. */
export type AccessOutcome = 'success' | 'denied' | 'failure';

const READS = new Set(['GET', 'HEAD']);

/**
 * Whether the gateway records this request, and with which outcome. Every authenticated request
 * must leave exactly one audit row: reads (which change nothing, so no service emits an event)
 * and refused or failed writes are the gateway's to record; a successful write is recorded by the
 * owning service's domain event (with old and new values), so the gateway stays silent.
 *
 *   accessOutcome('GET', 200)    // 'success'
 *   accessOutcome('PUT', 403)    // 'denied'
 *   accessOutcome('POST', 201)   // undefined: the catalog's episode.created records it
 */
export function accessOutcome(method: string, status: number): AccessOutcome | undefined {
  const outcome: AccessOutcome = status === 403 ? 'denied' : status >= 400 ? 'failure' : 'success';
  if (READS.has(method.toUpperCase())) return outcome;
  return outcome === 'success' ? undefined : outcome;
}

/** The `:id` path parameter as the integer id it names, or null (a list, or not a number). */
export function resourceIdOf(params: Record<string, string> | undefined): number | null {
  const id = params?.['id'];
  if (id === undefined || !/^\d{1,15}$/.test(id)) return null;
  return Number(id);
}
