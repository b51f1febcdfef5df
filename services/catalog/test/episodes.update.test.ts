import { expect } from 'chai';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

describe('catalog/PUT and PATCH /api/v1/episodes/:id', () => {
  let catalog: CatalogUnderTest;
  let episodeNumber = 0;

  /** A fresh episode of 'Update Show' with its ETag. */
  async function anEpisode(overrides: Record<string, unknown> = {}) {
    episodeNumber += 1;
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Update Show', episode_number: episodeNumber, ...overrides }) });
    expect(created.status).to.equal(201);
    return { episode: created.body, etag: created.response.headers.get('etag')! };
  }

  before(async () => (catalog = await startCatalog()));
  after(() => catalog.stop());

  it('When an editor PUTs some fields, then only those change, last_modified and the ETag move on, and GET shows it', async () => {
    const { episode, etag } = await anEpisode();
    const updated = await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, { body: { episode_title: 'High Tide', rating: 9.5 } });
    expect(updated.status).to.equal(200);
    expect(updated.body).to.deep.equal({ ...episode, episode_title: 'High Tide', rating: 9.5, last_modified: updated.body.last_modified });
    expect(Date.parse(updated.body.last_modified)).to.be.greaterThan(Date.parse(episode.last_modified));
    expect(updated.response.headers.get('etag')).to.not.equal(etag);
    expect((await catalog.call('GET', `/api/v1/episodes/${episode.id}`)).body).to.deep.equal(updated.body);
  });

  it('When a PUT succeeds, then episode.updated carries before, after, the changed fields and the request id as correlationid', async () => {
    const { episode } = await anEpisode();
    const updated = await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, { body: { director: 'Theo Lindqvist', air_date: null } });
    const event = await catalog.events.eventOf('episode.updated', `episodes/${episode.id}`, updated.requestId);
    expect(event.correlationid).to.equal(updated.requestId);
    expect(event.data['before']).to.deep.equal(episode);
    expect(event.data['after']).to.deep.equal(updated.body);
    expect(event.data['changed']).to.have.members(['director', 'air_date']);
    expect(event.actor.user_id).to.equal('editor-user');
  });

  it('When PATCH changes a field, then it behaves as a partial update too', async () => {
    const { episode } = await anEpisode();
    const patched = await catalog.call('PATCH', `/api/v1/episodes/${episode.id}`, { body: { genre: 'Thriller' } });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ genre: 'Thriller', episode_title: episode.episode_title });
  });

  it('When If-Match names the current ETag, then the write goes through; when it is stale, then 412 and nothing changes', async () => {
    const { episode, etag } = await anEpisode();
    const fresh = await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, { body: { genre: 'Mystery' }, headers: { 'if-match': etag } });
    expect(fresh.status).to.equal(200);
    const stale = await catalog.call('PATCH', `/api/v1/episodes/${episode.id}`, { body: { genre: 'Comedy' }, headers: { 'if-match': etag } });
    expect(stale.status).to.equal(412);
    expect(stale.body.type).to.equal('urn:problem:episodic:precondition-failed');
    const weak = await catalog.call('PATCH', `/api/v1/episodes/${episode.id}`, { body: { genre: 'Noir' }, headers: { 'if-match': `W/${fresh.response.headers.get('etag')}` } });
    expect(weak.status).to.equal(200);
    expect((await catalog.call('GET', `/api/v1/episodes/${episode.id}`)).body.genre).to.equal('Noir');
  });

  it('When an update moves an episode onto a live show/season/episode, then 409 and it stays where it was', async () => {
    const { episode: taken } = await anEpisode();
    const { episode } = await anEpisode();
    const moved = await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, { body: { episode_number: taken.episode_number } });
    expect(moved.status).to.equal(409);
    expect((await catalog.call('GET', `/api/v1/episodes/${episode.id}`)).body.episode_number).to.equal(episode.episode_number);
  });

  it('When the body carries read-only or unknown fields, or a wrong type, then 400 names each field', async () => {
    const { episode } = await anEpisode();
    const response = await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, {
      body: { id: 5, processing_status: 'complete', raw_video_s3_key: 'k', last_modified: '2020-01-01T00:00:00.000Z', foo: true, season_number: -1 },
    });
    expect(response.status).to.equal(400);
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).to.include.members(['/id', '/processing_status', '/raw_video_s3_key', '/last_modified', '/foo', '/season_number']);
  });

  it('When the body changes nothing, then 200 with the episode as it was and no new version', async () => {
    const { episode, etag } = await anEpisode();
    const same = await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, { body: { episode_title: episode.episode_title } });
    expect(same.status).to.equal(200);
    expect(same.body).to.deep.equal(episode);
    expect(same.response.headers.get('etag')).to.equal(etag);
  });

  it('When the episode does not exist or was deleted, then 404', async () => {
    expect((await catalog.call('PUT', '/api/v1/episodes/999999', { body: { genre: 'x' } })).status).to.equal(404);
    const { episode } = await anEpisode();
    await catalog.call('DELETE', `/api/v1/episodes/${episode.id}`, { role: 'admin' });
    expect((await catalog.call('PATCH', `/api/v1/episodes/${episode.id}`, { body: { genre: 'x' } })).status).to.equal(404);
  });

  it('When a viewer updates, then 403', async () => {
    const { episode } = await anEpisode();
    expect((await catalog.call('PUT', `/api/v1/episodes/${episode.id}`, { role: 'viewer', body: { genre: 'x' } })).status).to.equal(403);
  });
});
