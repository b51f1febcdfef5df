import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createMigrator, createSequelize } from '@episodic/db';
import { testEnvironment } from '@episodic/testing';

const FOLDER = fileURLToPath(new URL('../../../migrations/catalog', import.meta.url));
const logger = createLogger({ name: 'catalog-migrations-test', level: 'silent' });

async function tables(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'SequelizeMeta' ORDER BY 1",
    { type: QueryTypes.SELECT },
  );
  return rows.map((row) => row.name);
}

async function indexes(sequelize: Sequelize, table: string): Promise<Record<string, string>> {
  const rows = await sequelize.query<{ name: string; definition: string }>(
    'SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = :table',
    { type: QueryTypes.SELECT, replacements: { table } },
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.definition]));
}

/** Column name → data type of a table. */
async function columnsOf(sequelize: Sequelize, table: string): Promise<Record<string, string>> {
  const rows = await sequelize.query<{ name: string; type: string }>(
    'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = :table',
    { type: QueryTypes.SELECT, replacements: { table } },
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.type]));
}

const ALL_TABLES = ['episodes', 'inbox', 'job_progress', 'metadata_storage', 'outbox'];

/** An INSERT of episode 1x1 of `show`, with one more column set when given. */
const episode = (show: string, column?: string, value?: string) =>
  `INSERT INTO episodes (show_name, season_number, episode_number, episode_title${column ? `, ${column}` : ''})
   VALUES ('${show}', 1, 1, 'Pilot'${column ? `, ${value}` : ''})`;

describe('catalog/migrations', () => {
  let sequelize: Sequelize;
  let migrator: ReturnType<typeof createMigrator>;

  before(async () => {
    const env = await testEnvironment();
    sequelize = createSequelize({ url: await env.newDatabase('catalog_migrations'), logger, poolMax: 2 });
    migrator = createMigrator(sequelize, FOLDER);
  });
  after(() => sequelize.close());

  it('When migrated up, then episodes, metadata_storage, outbox, inbox and job_progress exist with the seed indexes', async () => {
    const applied = await migrator.up();
    expect(applied.map((m) => m.name)).to.deep.equal([
      '01-create-episodes.ts',
      '02-create-metadata-storage.ts',
      '03-create-outbox-and-inbox.ts',
      '04-add-technical-metadata.ts',
      '05-create-job-progress.ts',
      '06-index-episodes-changes.ts',
      '07-outbox-history.ts',
      '08-index-air-date-sorts.ts',
    ]);
    expect(await tables(sequelize)).to.deep.equal(ALL_TABLES);
    const episodeIndexes = await indexes(sequelize, 'episodes');
    expect(episodeIndexes['episodes_live_show_season_episode_unique']).to.match(/UNIQUE INDEX .*WHERE \(deleted_at IS NULL\)/);
    expect(episodeIndexes['idx_show_season_episode']).to.contain('(show_name, season_number, episode_number, id)');
    expect(episodeIndexes['idx_air_date']).to.contain('(air_date)');
    expect(episodeIndexes['idx_processing_status']).to.contain('(processing_status)');
    expect(episodeIndexes['idx_episodes_last_modified_id']).to.contain('(last_modified, id)');
    expect(episodeIndexes['idx_episodes_live_air_date_id']).to.match(/\(COALESCE\(air_date, 'infinity'::date\), id\) WHERE \(deleted_at IS NULL\)/);
    expect(episodeIndexes['idx_episodes_live_air_date_desc_id']).to.match(/\(COALESCE\(\('1970-01-01'::date - air_date\), 2147483647\), id\) WHERE \(deleted_at IS NULL\)/);
    expect((await indexes(sequelize, 'metadata_storage'))['idx_episode_id']).to.match(/UNIQUE INDEX .*\(episode_id\)/);
    expect(await columnsOf(sequelize, 'metadata_storage')).to.include({ technical_metadata: 'jsonb' });
    expect((await indexes(sequelize, 'job_progress'))['idx_job_progress_episode_id']).to.contain('(episode_id)');
  });

  it('When columns are read back, then times are TIMESTAMPTZ and rating is DECIMAL(3,1)', async () => {
    const columns = await sequelize.query<{ column_name: string; data_type: string; numeric_precision: number; numeric_scale: number }>(
      "SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'episodes'",
      { type: QueryTypes.SELECT },
    );
    const byName = Object.fromEntries(columns.map((column) => [column.column_name, column]));
    for (const name of ['upload_date', 'last_modified', 'deleted_at']) {
      expect(byName[name]?.data_type, name).to.equal('timestamp with time zone');
    }
    expect(byName['air_date']?.data_type).to.equal('date');
    expect(byName['rating']).to.include({ data_type: 'numeric', numeric_precision: 3, numeric_scale: 1 });
  });

  it('When a live triple repeats, then the database refuses it; once soft-deleted, the triple is free again', async () => {
    await sequelize.query(episode('Repeat Show'));
    const second = await sequelize.query(episode('Repeat Show')).then(() => 'inserted', (error: Error) => error.name);
    expect(second).to.equal('SequelizeUniqueConstraintError');
    await sequelize.query("UPDATE episodes SET deleted_at = now() WHERE show_name = 'Repeat Show'");
    await sequelize.query(episode('Repeat Show'));
    const rows = await sequelize.query("SELECT id FROM episodes WHERE show_name = 'Repeat Show'", { type: QueryTypes.SELECT });
    expect(rows).to.have.length(2);
  });

  it('When a rating or processing status is out of range, then a CHECK refuses it', async () => {
    const refused = async (sql: string) => sequelize.query(sql).then(() => 'inserted', (error: Error & { parent?: { code?: string } }) => error.parent?.code);
    expect(await refused(episode('Bad Rating', 'rating', '10.5'))).to.equal('23514');
    expect(await refused(episode('Bad Rating', 'rating', '-0.1'))).to.equal('23514');
    expect(await refused(episode('Bad Status', 'processing_status', "'done'"))).to.equal('23514');
    expect(await refused(episode('Good Rating', 'rating', '10.0'))).to.equal('inserted');
  });

  it('When migrated all the way down and up again, then nothing is left over and everything comes back', async () => {
    await migrator.down({ to: 0 });
    expect(await tables(sequelize)).to.deep.equal([]);
    const applied = await migrator.up();
    expect(applied).to.have.length(8);
    expect(await tables(sequelize)).to.deep.equal(ALL_TABLES);
    expect(Object.keys(await indexes(sequelize, 'episodes'))).to.include.members([
      'episodes_live_show_season_episode_unique',
      'idx_show_season_episode',
      'idx_air_date',
      'idx_processing_status',
    ]);
  });

  it('When each migration is reverted one at a time, then each down undoes exactly its own up', async () => {
    expect(Object.keys(await indexes(sequelize, 'episodes'))).to.include.members(['idx_episodes_live_air_date_id', 'idx_episodes_live_air_date_desc_id']);
    await migrator.down();
    expect(Object.keys(await indexes(sequelize, 'episodes'))).not.to.include.members(['idx_episodes_live_air_date_id']);
    expect(Object.keys(await indexes(sequelize, 'episodes'))).not.to.include.members(['idx_episodes_live_air_date_desc_id']);
    expect(await columnsOf(sequelize, 'outbox')).to.include({ trace_context: 'text' });
    await migrator.down();
    expect(await columnsOf(sequelize, 'outbox')).not.to.have.property('trace_context');
    expect(Object.keys(await indexes(sequelize, 'outbox'))).not.to.include('outbox_created_at');
    await migrator.down();
    expect(Object.keys(await indexes(sequelize, 'episodes'))).not.to.include('idx_episodes_last_modified_id');
    await migrator.down();
    expect(await tables(sequelize)).to.deep.equal(['episodes', 'inbox', 'metadata_storage', 'outbox']);
    expect(await columnsOf(sequelize, 'metadata_storage')).to.have.property('technical_metadata');
    await migrator.down();
    expect(await columnsOf(sequelize, 'metadata_storage')).not.to.have.property('technical_metadata');
    await migrator.down();
    expect(await tables(sequelize)).to.deep.equal(['episodes', 'metadata_storage']);
    await migrator.down();
    expect(await tables(sequelize)).to.deep.equal(['episodes']);
    await migrator.down();
    expect(await tables(sequelize)).to.deep.equal([]);
    await migrator.up();
  });
});
