import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms` milliseconds (abortable). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 *
 *   const row = await waitFor(() => findAuditRow(id), { timeoutMs: 5000 });
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out waiting for ${options.what ?? 'condition'}${reason}`);
    }
    await sleep(options.intervalMs ?? 20);
  }
}
