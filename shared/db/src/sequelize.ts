import { Sequelize, type Options } from 'sequelize';
import type { Logger } from '@episodic/core';

/** TLS to the server: false (none), or node:tls options (`ca`, `rejectUnauthorized`). */
export type DatabaseTls = false | { rejectUnauthorized: boolean; ca?: string | string[] };

/** Which database: a URL (local), or its parts (in AWS, from the service's secret). */
export type ConnectionTarget =
  | { url: string; ssl?: DatabaseTls }
  | { host: string; port: number; database: string; user: string; password: string; ssl?: DatabaseTls };

export type DatabaseOptions = ConnectionTarget & {
  logger: Logger;
  /** Connections in the pool; keep it small: four services share one server locally. */
  poolMax?: number;
  /** Fail a query that waits longer than this for a connection, instead of hanging. */
  acquireTimeoutMs?: number;
  statementTimeoutMs?: number;
};

/**
 * The Sequelize instance of one service's own database.
 *
 *   const sequelize = createSequelize({ ...connectionOf(config), logger });
 */
export function createSequelize(options: DatabaseOptions): Sequelize {
  const settings = sequelizeOptions(options);
  if ('url' in options) return new Sequelize(options.url, settings);
  return new Sequelize(options.database, options.user, options.password, { ...settings, host: options.host, port: options.port });
}

function sequelizeOptions(options: DatabaseOptions): Options {
  return {
    dialect: 'postgres',
    logging: (sql: string) => options.logger.trace({ sql }, 'sql'),
    pool: { max: options.poolMax ?? 10, min: 0, acquire: options.acquireTimeoutMs ?? 5000, idle: 10_000 },
    dialectOptions: {
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      connectionTimeoutMillis: 3000,
      application_name: options.logger.bindings()['service'] as string | undefined,
      ssl: options.ssl,
    },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  };
}

/** Readiness probe: resolves when the database answers a trivial query. */
export async function checkDatabase(sequelize: Sequelize): Promise<void> {
  await sequelize.query('SELECT 1');
}
