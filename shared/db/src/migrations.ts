import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import type * as UmzugModule from 'umzug';
import type { Logger } from '@episodic/core';
import { createSequelize, type DatabaseOptions } from './sequelize.ts';

/** What a migration file's `up` and `down` receive. */
export interface MigrationParams {
  context: { queryInterface: QueryInterface; sequelize: Sequelize };
}

/** A migration file exports `up` and `down` of this type. */
export type MigrationFn = (params: MigrationParams) => Promise<void>;

interface MigrationModule {
  up: MigrationFn;
  down: MigrationFn;
}

/**
 * The umzug migrator of one service: the `.ts` files of `folder` in name order, recorded
 * in that database's `SequelizeMeta` table.
 *
 *   await createMigrator(sequelize, 'migrations/catalog', log).up();
 */
export function createMigrator(sequelize: Sequelize, folder: string, logger?: Logger) {
  // Loaded on first use: a service that does not migrate at start (npm start migrates before
  // launching it) never carries umzug and its dependencies (about 4 MB of RSS).
  const { SequelizeStorage, Umzug } = createRequire(import.meta.url)('umzug') as typeof UmzugModule;
  return new Umzug({
    migrations: {
      glob: ['*.ts', { cwd: folder }],
      resolve: ({ name, path, context }) => {
        const load = async () => (await import(pathToFileURL(path!).href)) as MigrationModule;
        return {
          name,
          up: async () => (await load()).up({ context }),
          down: async () => (await load()).down({ context }),
        };
      },
    },
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize }),
    logger: logger
      ? {
          info: (event) => logger.info(event, 'migration'),
          warn: (event) => logger.warn(event, 'migration'),
          error: (event) => logger.error(event, 'migration'),
          debug: (event) => logger.debug(event, 'migration'),
        }
      : undefined,
  });
}

/** Any fixed number: the advisory lock (per database) that one migrating process holds at a time. */
const MIGRATION_LOCK = 727_100;
/** How long a replica waits for another one's migrations before it gives up (and fails its boot). */
const MIGRATION_LOCK_WAIT = '5min';

/**
 * Applies every pending migration of `folder`; returns the names applied. Several replicas may
 * call it at once (MIGRATE_ON_START): a PostgreSQL advisory lock, held on a connection of its
 * own outside the pool (so a pool of one still works), lets one migrate while the others wait,
 * and those then find nothing pending.
 */
export async function migrateUp(sequelize: Sequelize, folder: string, logger?: Logger): Promise<string[]> {
  return withMigrationLock(sequelize, async () => {
    const applied = await createMigrator(sequelize, folder, logger).up();
    return applied.map((migration) => migration.name);
  });
}

interface RawConnection {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}

interface RawConnectionManager {
  connect(config: object): Promise<RawConnection>;
  disconnect(connection: RawConnection): Promise<void>;
}

async function withMigrationLock<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  const manager = (sequelize as unknown as { connectionManager: RawConnectionManager }).connectionManager;
  const connection = await manager.connect({ ...sequelize.config });
  try {
    await connection.query(`SET statement_timeout = '${MIGRATION_LOCK_WAIT}'`);
    await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await manager.disconnect(connection);
  }
}

/**
 * A service's database at boot: connected (or a `DatabaseUnavailable` naming the server and
 * the cause, so main.ts can say so in one line and exit), and migrated first when `migrations`
 * names its folder (MIGRATE_ON_START deployments; `npm start` migrates before launching services).
 *
 *   const sequelize = await openDatabase({ ...connectionOf(config), poolMax: 10, logger }, config.MIGRATE_ON_START ? MIGRATIONS : undefined)
 *     .catch((error) => exitAtBoot(logger, error));
 */
export async function openDatabase(options: DatabaseOptions, migrations?: string): Promise<Sequelize> {
  const sequelize = createSequelize(options);
  try {
    await sequelize.authenticate({ logging: false });
    if (migrations) {
      const applied = await migrateUp(sequelize, migrations, options.logger);
      options.logger.info({ applied }, 'migrations applied');
    }
  } catch (error) {
    await sequelize.close().catch(() => undefined);
    throw new DatabaseUnavailable(options, error);
  }
  return sequelize;
}

/** The database could not be reached, logged into or migrated at boot. */
export class DatabaseUnavailable extends Error {
  constructor(options: DatabaseOptions, cause: unknown) {
    const reason = ((cause as { original?: Error }).original ?? (cause as Error)).message;
    super(`the database ${whereOf(options)} is unavailable (TLS: ${tlsModeOf(options)}): ${reason}`, { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/** host:port/database, never the password. */
function whereOf(options: DatabaseOptions): string {
  if (!('url' in options)) return `${options.host}:${options.port}/${options.database}`;
  try {
    const url = new URL(options.url);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'at DATABASE_URL';
  }
}

function tlsModeOf(options: DatabaseOptions): string {
  if (!options.ssl) return 'off';
  return options.ssl.rejectUnauthorized ? 'verify-full' : 'require';
}
