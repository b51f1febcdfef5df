import { pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
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

/** Applies every pending migration of `folder`; returns the names applied. */
export async function migrateUp(sequelize: Sequelize, folder: string, logger?: Logger): Promise<string[]> {
  const applied = await createMigrator(sequelize, folder, logger).up();
  return applied.map((migration) => migration.name);
}

/**
 * A service's database at boot: connected, and migrated first when `migrations` names its
 * folder (MIGRATE_ON_START deployments; `npm start` migrates before launching services).
 *
 *   const sequelize = await openDatabase({ url, poolMax: 10, logger }, config.MIGRATE_ON_START ? MIGRATIONS : undefined);
 */
export async function openDatabase(options: DatabaseOptions, migrations?: string): Promise<Sequelize> {
  const sequelize = createSequelize(options);
  if (migrations) {
    const applied = await migrateUp(sequelize, migrations, options.logger);
    options.logger.info({ applied }, 'migrations applied');
  }
  return sequelize;
}
