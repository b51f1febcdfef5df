import type { Logger } from './logger.ts';

/**
 * Stops a service cleanly on SIGTERM/SIGINT: runs `stop` (close the server, finish the
 * messages in hand, flush the outbox, close the pool) and exits 0, or exits 1 if it takes
 * longer than `graceMs`. A second signal is ignored: Ctrl-C in a terminal reaches a child both
 * from the terminal (SIGINT) and from its parent (SIGTERM), and must not cut the shutdown short.
 *
 *   onShutdown(log, async () => { await server.close(); await consumer.stop(); await db.close(); });
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/**
 * Ends a process that cannot start (its database unreachable, TLS refused): one fatal log line
 * that says why, then exit code 1, so the orchestrator (ECS, `npm start`) sees the failure
 * and restarts or reports it, instead of a stack trace or a process that serves nothing.
 *
 *   const sequelize = await openDatabase(options).catch((error) => exitAtBoot(logger, error));
 */
export function exitAtBoot(logger: Logger, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  // The message alone: a stack trace would only bury the reason, which the message names.
  logger.fatal({ error: error instanceof Error ? error.name : typeof error }, `cannot start: ${message}`);
  process.exit(1);
}
