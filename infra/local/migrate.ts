/**
 * `npm run migrate`: applies every service's pending migrations to the local databases
 * (starting the embedded PostgreSQL of the data folder if `npm start` is not running).
 *   npm run migrate                      all services, up
 *   npm run migrate -- --down catalog    reverts catalog's last migration
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@episodic/core';
import { createMigrator, createSequelize } from '@episodic/db';
import { startPostgres } from '@episodic/testing';
import { DATABASES, readLocalSettings } from './settings.ts';

const { values } = parseArgs({ options: { down: { type: 'string' } } });
const settings = readLocalSettings();
const log = createLogger({ name: 'migrate', level: settings.LOG_LEVEL });
const services = Object.keys(DATABASES) as (keyof typeof DATABASES)[];
if (values.down && !services.includes(values.down as keyof typeof DATABASES)) {
  console.error(`npm run migrate: --down takes one of ${services.join(', ')}`);
  process.exit(2);
}

const databaseUrl = (database: string) => `postgres://postgres:postgres@127.0.0.1:${settings.POSTGRES_PORT}/${database}`;
const running = await fetch(`http://127.0.0.1:${settings.GATEWAY_PORT}/health`).then(() => true, () => false);
const postgres = running ? undefined : await startPostgres({ port: settings.POSTGRES_PORT, dataDir: join(settings.dataDir, 'postgres'), logger: log });
try {
  for (const service of values.down ? [values.down as keyof typeof DATABASES] : services) {
    await postgres?.ensureDatabase(DATABASES[service]);
    const sequelize = createSequelize({ url: postgres?.url(DATABASES[service]) ?? databaseUrl(DATABASES[service]), logger: log, poolMax: 1 });
    const migrator = createMigrator(sequelize, join(settings.repoRoot, 'migrations', service), log);
    const done = values.down ? await migrator.down() : await migrator.up();
    console.log(`${service}: ${values.down ? 'reverted' : 'applied'} ${done.map((m) => m.name).join(', ') || 'nothing (up to date)'}`);
    await sequelize.close();
  }
} finally {
  await postgres?.stop();
}
