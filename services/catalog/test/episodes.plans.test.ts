import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { encodeCursor } from '@episodic/http';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

/**
 * The list's keyset pages must stay one index range however deep the cursor (docs/SCHEMA.md).
 * On a test's few rows PostgreSQL would rather scan the table, so the plans are read with
 * sequential scans off: what is checked is that an index *can* answer the cursor condition.
 */
describe('catalog/GET /api/v1/episodes: every sort pages through an index', () => {
  let catalog: CatalogUnderTest;

  before(async () => {
    catalog = await startCatalog();
    for (const [n, airDate] of ['2024-01-10', null, '2024-03-01', '2024-01-10'].entries()) {
      expect((await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Plan Show', episode_number: n + 1, air_date: airDate }) })).status).to.equal(201);
    }
  });
  after(() => catalog.stop());

  const cases = [
    // Either show index is one range: the live triple is unique, so id only breaks ties that cannot occur.
    { sort: 'show', position: { sort: 'show', show_name: 'Plan Show', season_number: 1, episode_number: 1, id: 1 }, index: /idx_show_season_episode|episodes_live_show_season_episode_unique/ },
    { sort: 'air_date', position: { sort: 'air_date', air_date: '2024-01-10', id: 1 }, index: /idx_episodes_live_air_date_id/ },
    { sort: '-air_date', position: { sort: '-air_date', air_date: '2024-03-01', id: 3 }, index: /idx_episodes_live_air_date_desc_id/ },
    { sort: '-air_date', position: { sort: '-air_date', air_date: null, id: 2 }, index: /idx_episodes_live_air_date_desc_id/ },
  ];
  for (const { sort, position, index } of cases) {
    it(`When a ${sort} page starts at a cursor (air date ${'air_date' in position ? position.air_date : '-'}), then its condition is an Index Cond on ${index.source}`, async () => {
      const path = `/api/v1/episodes?sort=${sort}&limit=2&cursor=${encodeCursor(position)}`;
      const sql = await sqlOf(catalog.sequelize, async () => expect((await catalog.call('GET', path)).status).to.equal(200));
      const plan = await explainWithoutSeqScan(catalog.sequelize, sql);
      expect(plan, plan).to.match(new RegExp(`Index Scan using (${index.source}) `));
      expect(plan, plan).to.match(/Index Cond: \(ROW\(/);
      expect(plan, 'no sort of every match').not.to.match(/(^|-> {2})Sort {2}\(/m);
    });
  }
});

/** The SELECT Sequelize sent while `work` ran. */
async function sqlOf(sequelize: Sequelize, work: () => Promise<unknown>): Promise<string> {
  const options = (sequelize as unknown as { options: { logging?: unknown } }).options;
  const previous = options.logging;
  const statements: string[] = [];
  options.logging = (line: string) => statements.push(line.replace(/^Executing \([^)]*\): /, ''));
  try {
    await work();
  } finally {
    options.logging = previous;
  }
  return statements.filter((sql) => sql.startsWith('SELECT') && sql.includes('FROM "episodes"')).at(-1)!.replace(/;$/, '');
}

async function explainWithoutSeqScan(sequelize: Sequelize, sql: string): Promise<string> {
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('SET LOCAL enable_seqscan = off', { transaction });
    await sequelize.query('SET LOCAL enable_bitmapscan = off', { transaction });
    const rows = await sequelize.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, { type: QueryTypes.SELECT, transaction });
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}
