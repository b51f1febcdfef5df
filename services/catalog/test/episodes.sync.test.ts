import { expect } from 'chai';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

interface Synced {
  id: number;
  episode_title: string;
  last_modified: string;
  deleted?: true;
}

describe('catalog/episodes sync (updated_since, If-None-Match)', () => {
  let catalog: CatalogUnderTest;

  /** Follows next_cursor from `updated_since` to the last page, as a mirror would. */
  async function sync(since: string, limit = 2): Promise<Synced[]> {
    const items: Synced[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/episodes?updated_since=${encodeURIComponent(since)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await catalog.call('GET', path, { role: 'viewer' });
      expect(page.status, JSON.stringify(page.body)).to.equal(200);
      items.push(...page.body.items);
      cursor = page.body.next_cursor;
    } while (cursor);
    return items;
  }

  before(async () => {
    catalog = await startCatalog();
  });
  after(() => catalog.stop());

  it('When a mirror syncs from a point in time, then it gets changed and deleted episodes since then in last_modified order, tombstones marked deleted', async () => {
    const ids: number[] = [];
    for (const number of [1, 2, 3, 4]) {
      const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Sync Show', episode_number: number }) });
      expect(created.status).to.equal(201);
      ids.push(created.body.id);
    }
    const [first, second, third, fourth] = ids as [number, number, number, number];
    const everything = await sync('2000-01-01T00:00:00Z');
    const since = everything.find((episode) => episode.id === fourth)!.last_modified;

    expect((await catalog.call('PATCH', `/api/v1/episodes/${second}`, { body: { episode_title: 'Renamed' } })).status).to.equal(200);
    expect((await catalog.call('DELETE', `/api/v1/episodes/${first}`, { role: 'admin' })).status).to.equal(204);

    const changes = await sync(since, 1);
    expect(changes.map((episode) => episode.id)).to.deep.equal([fourth, second, first]);
    expect(changes[1]).to.include({ episode_title: 'Renamed' }).and.not.have.property('deleted');
    expect(changes[2]).to.include({ id: first, deleted: true });
    const times = changes.map((episode) => Date.parse(episode.last_modified));
    expect([...times].sort((a, b) => a - b)).to.deep.equal(times);
    expect(changes.map((episode) => episode.id)).not.to.include(third);

    const live = await catalog.call('GET', '/api/v1/episodes?show_name=Sync%20Show&limit=100', { role: 'viewer' });
    expect(live.body.items.map((episode: Synced) => episode.id)).to.not.include(first);
    expect(live.body.items.every((episode: Synced) => episode.deleted === undefined)).to.equal(true);
  });

  it('When updated_since is not an RFC 3339 time, then the answer is 400 naming the field', async () => {
    const answer = await catalog.call('GET', '/api/v1/episodes?updated_since=yesterday', { role: 'viewer' });
    expect(answer.status).to.equal(400);
    expect(JSON.stringify(answer.body.errors)).to.contain('updated_since');
  });

  it('When updated_since is in the future, then the page is empty', async () => {
    const answer = await catalog.call('GET', '/api/v1/episodes?updated_since=2999-01-01T00:00:00Z', { role: 'viewer' });
    expect(answer.body).to.include({ next_cursor: null });
    expect(answer.body.items).to.deep.equal([]);
  });

  it('When GET /episodes/:id carries the current ETag in If-None-Match, then 304 without a body; a stale one gets 200', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Etag Show' }) });
    const path = `/api/v1/episodes/${created.body.id}`;
    const etag = created.response.headers.get('etag')!;
    const fresh = await catalog.call('GET', path, { role: 'viewer', headers: { 'if-none-match': `W/${etag}, "other"` } });
    expect(fresh.status).to.equal(304);
    expect(fresh.body).to.equal(undefined);
    expect(fresh.response.headers.get('etag')).to.equal(etag);
    await catalog.call('PATCH', path, { body: { episode_title: 'Changed' } });
    const stale = await catalog.call('GET', path, { role: 'viewer', headers: { 'if-none-match': etag } });
    expect(stale.status).to.equal(200);
    expect(stale.body).to.include({ episode_title: 'Changed' });
  });
});
