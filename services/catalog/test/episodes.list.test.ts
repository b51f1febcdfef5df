import { expect } from 'chai';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

interface Listed {
  id: number;
  show_name: string;
  season_number: number;
  episode_number: number;
  air_date: string | null;
  processing_status: string | null;
}

/** 24 episodes over three shows and two seasons; every fourth has no air date, several share one. */
function library(): Record<string, unknown>[] {
  const shows = ['Alpha Station', 'Bright Harbor', 'Copper Lane'];
  const episodes: Record<string, unknown>[] = [];
  for (let n = 0; n < 24; n += 1) {
    const airDate = n % 4 === 3 ? null : `2024-0${1 + (n % 3)}-${String(10 + (n % 5)).padStart(2, '0')}`;
    episodes.push(newEpisode({ show_name: shows[n % 3], season_number: 1 + (n % 2), episode_number: 1 + Math.floor(n / 6), air_date: airDate }));
  }
  return episodes;
}

describe('catalog/GET /api/v1/episodes', () => {
  let catalog: CatalogUnderTest;
  let all: Listed[];

  /** Follows next_cursor from the first page (or from `start`) to the last; returns the items of every page in order. */
  async function walk(query: string, start: string | null = null): Promise<{ items: Listed[]; pages: number }> {
    const items: Listed[] = [];
    let cursor: string | null = start;
    let pages = 0;
    do {
      const separator = query ? '&' : '';
      const path: string = `/api/v1/episodes?${query}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await catalog.call('GET', path, { role: 'viewer' });
      expect(page.status, JSON.stringify(page.body)).to.equal(200);
      items.push(...page.body.items);
      cursor = page.body.next_cursor;
      pages += 1;
    } while (cursor);
    return { items, pages };
  }

  before(async () => {
    catalog = await startCatalog();
    for (const body of library()) {
      const created = await catalog.call('POST', '/api/v1/episodes', { body });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
    }
    const ids = (await walk('limit=100')).items.map((episode) => episode.id);
    await catalog.sequelize.query("UPDATE episodes SET processing_status = 'complete' WHERE id IN (:ids)", { replacements: { ids: ids.slice(0, 5) } });
    await catalog.sequelize.query("UPDATE episodes SET processing_status = 'failed' WHERE id = :id", { replacements: { id: ids[5] } });
    all = (await walk('limit=100')).items;
  });
  after(() => catalog.stop());

  it('When no sort is given, then items come by show, season, episode and id, with limit and next_cursor', async () => {
    const first = await catalog.call('GET', '/api/v1/episodes?limit=5');
    expect(first.body.limit).to.equal(5);
    expect(first.body.items).to.have.length(5);
    expect(first.body.next_cursor).to.be.a('string');
    const key = (e: Listed) => [e.show_name, e.season_number, e.episode_number, e.id];
    const sorted = [...all].sort((a, b) => compare(key(a), key(b)));
    expect(all.map((e) => e.id)).to.deep.equal(sorted.map((e) => e.id));
  });

  for (const sort of ['show', 'air_date', '-air_date']) {
    it(`When sorting by ${sort} and walking pages of 7, then every episode appears exactly once, in order`, async () => {
      const { items, pages } = await walk(`sort=${sort}&limit=7`);
      expect(pages).to.equal(4);
      expect(items.map((e) => e.id)).to.have.members(all.map((e) => e.id));
      expect(new Set(items.map((e) => e.id)).size).to.equal(items.length);
      expect(items.map((e) => e.id)).to.deep.equal((await walk(`sort=${sort}&limit=100`)).items.map((e) => e.id));
      if (sort !== 'show') {
        const dated = items.filter((e) => e.air_date !== null);
        expect(items.slice(dated.length).every((e) => e.air_date === null), 'nulls last').to.equal(true);
        const dates = dated.map((e) => e.air_date!);
        const expected = [...dates].sort();
        expect(dates).to.deep.equal(sort === 'air_date' ? expected : expected.reverse());
        for (let i = 1; i < items.length; i += 1) {
          if (items[i]!.air_date === items[i - 1]!.air_date) expect(items[i]!.id).to.be.greaterThan(items[i - 1]!.id);
        }
      }
    });
  }

  it('When a limit above 100 or below 1 is asked for, then 400 names /limit', async () => {
    for (const limit of ['101', '0', 'many']) {
      const response = await catalog.call('GET', `/api/v1/episodes?limit=${limit}`);
      expect(response.status, limit).to.equal(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).to.include('/limit');
    }
    expect((await catalog.call('GET', '/api/v1/episodes?limit=100')).status).to.equal(200);
  });

  it('When filtering by show, season or processing status, then only matching episodes come back', async () => {
    const byShow = (await walk('show_name=Bright%20Harbor&limit=3')).items;
    expect(byShow).to.have.length(8);
    expect(byShow.every((e) => e.show_name === 'Bright Harbor')).to.equal(true);
    const bySeason = (await walk('show_name=Bright%20Harbor&season_number=2')).items;
    expect(bySeason.map((e) => e.season_number)).to.deep.equal([2, 2, 2, 2]);
    const complete = (await walk('processing_status=complete')).items;
    expect(complete).to.have.length(5);
    expect((await walk('processing_status=failed')).items).to.have.length(1);
    const unknown = await catalog.call('GET', '/api/v1/episodes?processing_status=done');
    expect(unknown.status).to.equal(400);
  });

  it('When filtering by an air date range, then both ends are inclusive and undated episodes are left out', async () => {
    const { items } = await walk('air_date_from=2024-02-10&air_date_to=2024-02-12&sort=air_date&limit=2');
    const expected = all.filter((e) => e.air_date !== null && e.air_date >= '2024-02-10' && e.air_date <= '2024-02-12');
    expect(expected.length).to.be.greaterThan(1);
    expect(items.map((e) => e.id)).to.have.members(expected.map((e) => e.id));
    expect((await catalog.call('GET', '/api/v1/episodes?air_date_from=yesterday')).status).to.equal(400);
  });

  it('When episodes are inserted between two page reads, then the next page neither repeats nor skips what was there', async () => {
    const first = await catalog.call('GET', '/api/v1/episodes?sort=show&limit=10');
    const before = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Aardvark Hour' }) });
    const later = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Zebra Nights' }) });
    const rest = await walk('sort=show&limit=10', first.body.next_cursor);
    const seen = [...first.body.items, ...rest.items].map((e: Listed) => e.id);
    expect(new Set(seen).size).to.equal(seen.length);
    expect(seen).to.include.members(all.map((e) => e.id));
    expect(seen).to.include(later.body.id);
    expect(seen).to.not.include(before.body.id);
    await catalog.call('DELETE', `/api/v1/episodes/${before.body.id}`, { role: 'admin' });
    await catalog.call('DELETE', `/api/v1/episodes/${later.body.id}`, { role: 'admin' });
  });

  it('When a cursor is forged or belongs to another sort, then 400 names /cursor', async () => {
    const page = await catalog.call('GET', '/api/v1/episodes?sort=show&limit=2');
    const foreign = await catalog.call('GET', `/api/v1/episodes?sort=air_date&cursor=${page.body.next_cursor}`);
    expect(foreign.status).to.equal(400);
    expect(foreign.body.errors[0].path).to.equal('/cursor');
    expect((await catalog.call('GET', '/api/v1/episodes?cursor=not-a-cursor')).status).to.equal(400);
  });

  it('When the last page is reached, then next_cursor is null', async () => {
    const page = await catalog.call('GET', '/api/v1/episodes?limit=100');
    expect(page.body.items).to.have.length(24);
    expect(page.body.next_cursor).to.equal(null);
  });
});

function compare(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}
