import { randomBytes } from 'node:crypto';
import { startEmulator, type Emulator } from './emulator.ts';
import { whenStopping } from './environment-lifecycle.ts';
import { LocalIssuer } from './issuer.ts';
import { startPostgres, type EmbeddedDatabase } from './postgres.ts';

/** The servers every suite shares: one PostgreSQL, one emulator, one token issuer per test process. */
export interface TestEnvironment {
  postgres: EmbeddedDatabase;
  /** Started with message spies on: `emulator.server.spy.waitForMessage(...)`. */
  emulator: Emulator;
  issuer: LocalIssuer;
  /** Creates a database no other suite uses and returns its URL, e.g. `await env.newDatabase('catalog')`. */
  newDatabase(prefix: string): Promise<string>;
}

let starting: Promise<TestEnvironment> | undefined;
let created = 0;

/**
 * Starts the shared environment on first call and hands the same one to every later caller,
 * so a whole `npm test` run pays for one PostgreSQL start. A failed start is remembered, so
 * each suite fails at once with the same reason instead of retrying.
 *
 *   const env = await testEnvironment();
 *   const url = await env.newDatabase('catalog');
 */
export function testEnvironment(): Promise<TestEnvironment> {
  if (!starting) {
    starting = startEnvironment();
    whenStopping(stopEnvironment);
  }
  return starting;
}

async function stopEnvironment(): Promise<void> {
  const environment = await starting?.catch(() => undefined);
  starting = undefined;
  if (!environment) return;
  await Promise.allSettled([environment.issuer.close(), environment.emulator.stop()]);
  await environment.postgres.stop();
}

async function startEnvironment(): Promise<TestEnvironment> {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [postgres, emulator, issuer] = await Promise.all([
      startPostgres().then((started) => remember(started, stops, () => started.stop())),
      startEmulator({ messageSpies: { bufferSize: 2_000 } }).then((started) => remember(started, stops, () => started.stop())),
      LocalIssuer.start({}).then((started) => remember(started, stops, () => started.close())),
    ]);
    const newDatabase = async (prefix: string) => {
      const name = databaseName(prefix);
      await postgres.ensureDatabase(name);
      return postgres.url(name);
    };
    return { postgres, emulator, issuer, newDatabase };
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }
}

function remember<T>(started: T, stops: (() => Promise<unknown>)[], stop: () => Promise<unknown>): T {
  stops.push(stop);
  return started;
}

/** Lower-case, within PostgreSQL's 63-byte limit, and unique across processes and calls. */
function databaseName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 30);
  created += 1;
  return `${clean}_${process.pid}_${created}_${randomBytes(3).toString('hex')}`;
}
