import { expect } from 'chai';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

describe('catalog/DELETE /api/v1/episodes/:id', () => {
  let catalog: CatalogUnderTest;

  before(async () => (catalog = await startCatalog()));
  after(() => catalog.stop());

  it('When an admin deletes an episode, then 204, GET answers 404, the list hides it and episode.deleted is published', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Gone Show' }) });
    const deleted = await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'admin' });
    expect(deleted.status).to.equal(204);
    expect(deleted.body).to.equal(undefined);
    expect((await catalog.call('GET', `/api/v1/episodes/${created.body.id}`)).status).to.equal(404);
    expect((await catalog.call('GET', '/api/v1/episodes?show_name=Gone%20Show')).body.items).to.deep.equal([]);
    const event = await catalog.events.eventOf('episode.deleted', `episodes/${created.body.id}`, deleted.requestId);
    expect(event.data).to.deep.equal({ episode: created.body });
    expect(event.actor.roles).to.deep.equal(['admin']);
  });

  it('When a deleted episode is deleted again, then 404', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Twice Gone' }) });
    expect((await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'admin' })).status).to.equal(204);
    expect((await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'admin' })).status).to.equal(404);
  });

  it('When an episode is soft-deleted, then its row stays in the database and its show/season/episode is free for a new one', async () => {
    const first = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Reborn' }) });
    await catalog.call('DELETE', `/api/v1/episodes/${first.body.id}`, { role: 'admin' });
    const second = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Reborn', episode_title: 'Second Life' }) });
    expect(second.status).to.equal(201);
    expect(second.body.id).to.not.equal(first.body.id);
    const [rows] = await catalog.sequelize.query("SELECT id, deleted_at FROM episodes WHERE show_name = 'Reborn' ORDER BY id");
    expect((rows as { deleted_at: Date | null }[]).map((row) => row.deleted_at === null)).to.deep.equal([false, true]);
  });

  it('When an editor or a viewer deletes, then 403 and the episode stays', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Kept Show' }) });
    expect((await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'editor' })).status).to.equal(403);
    expect((await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'viewer' })).status).to.equal(403);
    expect((await catalog.call('GET', `/api/v1/episodes/${created.body.id}`)).status).to.equal(200);
  });

  it('When If-Match is stale, then DELETE answers 412 and the episode stays', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Guarded Show' }) });
    await catalog.call('PATCH', `/api/v1/episodes/${created.body.id}`, { body: { genre: 'Western' } });
    const stale = await catalog.call('DELETE', `/api/v1/episodes/${created.body.id}`, { role: 'admin', headers: { 'if-match': created.response.headers.get('etag')! } });
    expect(stale.status).to.equal(412);
    expect((await catalog.call('GET', `/api/v1/episodes/${created.body.id}`)).status).to.equal(200);
  });
});
