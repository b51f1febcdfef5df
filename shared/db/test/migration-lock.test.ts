import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@episodic/core';
import { testEnvironment } from '@episodic/testing';
import { createSequelize, migrateUp } from '../src/index.ts';

const logger = createLogger({ name: 'db-migration-lock-test', level: 'silent' });

/** Each migration takes a moment in the database and leaves a row saying it ran. */
const migration = (name: string, first: boolean) => `
export async function up({ context: { sequelize } }) {
  ${first ? "await sequelize.query('CREATE TABLE ran (name text NOT NULL)');" : ''}
  await sequelize.query('SELECT pg_sleep(0.3)');
  await sequelize.query("INSERT INTO ran (name) VALUES ('${name}')");
}
export async function down() {}
`;

describe('db: migrations on start under an advisory lock', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'episodic-migrations-'));
    await writeFile(join(folder, '01-first.ts'), migration('01-first.ts', true));
    await writeFile(join(folder, '02-second.ts'), migration('02-second.ts', false));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it('When two replicas migrate one fresh database at once, then both succeed and each migration runs once', async () => {
    const url = await (await testEnvironment()).newDatabase('migration_lock');
    const replicas = [createSequelize({ url, logger, poolMax: 1 }), createSequelize({ url, logger, poolMax: 1 })];
    try {
      const applied = await Promise.all(replicas.map((sequelize) => migrateUp(sequelize, folder, logger)));
      expect(applied.flat().sort()).to.deep.equal(['01-first.ts', '02-second.ts']);
      const [rows] = await replicas[0]!.query('SELECT name FROM ran ORDER BY name');
      expect(rows).to.deep.equal([{ name: '01-first.ts' }, { name: '02-second.ts' }]);
      const [locks] = await replicas[0]!.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'");
      expect(locks, 'the lock is released').to.have.length(0);
    } finally {
      await Promise.all(replicas.map((sequelize) => sequelize.close()));
    }
  });
});
