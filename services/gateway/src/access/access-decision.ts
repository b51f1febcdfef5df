/** How an authenticated request ended, as the audit trail records it. */
export type AccessOutcome = 'success' | 'denied' | 'failure';

/**
 * The outcome the audit trail records for a request. Every authenticated action leaves exactly one
 * access row: reads, refusals, and writes too (a write that changes nothing emits no domain event,
 * so the access row is its only trace; a write that changes something also leaves the domain
 * rows its events cause, with old and new values and the same correlation id).
 *
 *   accessOutcome('GET', 200)    // 'success'
 *   accessOutcome('PUT', 401)    // 'denied'
 *   accessOutcome('PUT', 409)    // 'failure'
 */
export function accessOutcome(_method: string, status: number): AccessOutcome {
  return status === 401 || status === 403 ? 'denied' : status >= 400 ? 'failure' : 'success';
}

/** The `:id` path parameter as the integer id it names, or null (a list, or not a number). */
export function resourceIdOf(params: Record<string, string> | undefined): number | null {
  const id = params?.['id'];
  if (id === undefined || !/^\d{1,15}$/.test(id)) return null;
  return Number(id);
}
