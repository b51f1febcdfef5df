import { Sequelize } from 'sequelize';
import type { Logger } from '@episodic/core';

export interface DatabaseOptions {
  url: string;
  logger: Logger;
  /** Connections in the pool; keep it small: four services share one server locally. */
  poolMax?: number;
  /** Fail a query that waits longer than this for a connection, instead of hanging. */
  acquireTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/**
 * The Sequelize instance of one service's own database.
 *
 *   const sequelize = createSequelize({ url: config.DATABASE_URL, logger });
 */
export function createSequelize(options: DatabaseOptions): Sequelize {
  return new Sequelize(options.url, {
    dialect: 'postgres',
    logging: (sql: string) => options.logger.trace({ sql }, 'sql'),
    pool: { max: options.poolMax ?? 10, min: 0, acquire: options.acquireTimeoutMs ?? 5000, idle: 10_000 },
    dialectOptions: {
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      connectionTimeoutMillis: 3000,
      application_name: options.logger.bindings()['service'] as string | undefined,
    },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
}

/** Readiness probe: resolves when the database answers a trivial query. */
export async function checkDatabase(sequelize: Sequelize): Promise<void> {
  await sequelize.query('SELECT 1');
}
