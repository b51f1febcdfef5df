/**
 * The system under test, in its own process (forked by bench/system.ts): embedded PostgreSQL,
 * the SNS/SQS/S3 emulator, the token issuer and the service launcher run here, as under
 * `npm start`, so none of them shares an event loop with the load generator. Throwaway state,
 * free ports, no seed. Tells the parent what it needs over IPC once ready (`HostReady`), and
 * stops everything on `stop`, SIGTERM, SIGINT, or when the parent goes away (IPC disconnect).
 */
import { resolve } from 'node:path';
import { startSystem, type RunningSystem } from '../infra/local/system.ts';
import { DATABASES } from '../infra/local/settings.ts';
import { freePorts } from '../tests/e2e/system.ts';

/** What the host tells the bench once the system is ready. */
export interface HostReady {
  type: 'ready';
  gatewayUrl: string;
  emulatorUrl: string;
  catalogDatabaseUrl: string;
  auditDatabaseUrl: string;
  /** Each service's pid, by name. */
  services: Record<string, number>;
  /** Admin tokens: `reader` drives the read load, `writer` the creates, `admin` everything else (distinct users, so their audit rows can be counted apart). */
  tokens: { admin: string; reader: string; writer: string };
}

const STOP_BOUND_MS = 20_000;

export const BENCH_USERS = { admin: 'bench-admin', reader: 'bench-reader', writer: 'bench-writer' } as const;

if (process.send) await host();

async function host(): Promise<void> {
  let starting: Promise<RunningSystem> | undefined;
  let stopping: Promise<void> | undefined;
  // A stop asked for while the system boots waits for the boot, so PostgreSQL is never left behind.
  // After a Ctrl-C, PostgreSQL and the services got the SIGINT too and are gone already; a stop
  // step waiting for an exit it missed must not keep the host alive, hence the bound.
  const stop = (code: number) => {
    stopping ??= (async () => {
      const system = await starting?.catch(() => undefined);
      const bound = setTimeout(() => {
        console.error(`the system host: stopping took over ${STOP_BOUND_MS / 1000} s; exiting`);
        process.exit(code || 1);
      }, STOP_BOUND_MS);
      await system?.stop();
      clearTimeout(bound);
      process.exit(code);
    })();
    return stopping;
  };
  process.on('message', (message: { type?: string }) => void (message.type === 'stop' && stop(0)));
  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(130));
  try {
    starting = startSystem({
      repoRoot: resolve(import.meta.dirname, '..'),
      dataDir: undefined,
      ports: await freePorts(),
      logLevel: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      seed: false,
    });
    const system = await starting;
    const sign = (sub: string) => system.issuer.sign({ role: 'admin', sub, username: sub, expiresInSec: 6 * 3600 });
    const ready: HostReady = {
      type: 'ready',
      gatewayUrl: system.gatewayUrl,
      emulatorUrl: system.emulatorUrl,
      catalogDatabaseUrl: system.postgresUrl(DATABASES.catalog),
      auditDatabaseUrl: system.postgresUrl(DATABASES.audit),
      services: Object.fromEntries(Object.entries(system.services).map(([name, service]) => [name, service.pid])),
      tokens: { admin: await sign(BENCH_USERS.admin), reader: await sign(BENCH_USERS.reader), writer: await sign(BENCH_USERS.writer) },
    };
    if (stopping) return;
    process.send!(ready);
  } catch (error) {
    process.send!({ type: 'failed', message: (error as Error).stack ?? String(error) });
    await stop(1);
  }
}
