import { expect } from 'chai';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

describe('catalog/POST /api/v1/episodes', () => {
  let catalog: CatalogUnderTest;

  before(async () => (catalog = await startCatalog()));
  after(() => catalog.stop());

  it('When an editor creates an episode, then 201 with Location, ETag and the full resource, readable through GET', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode() });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const episode = created.body;
    expect(created.response.headers.get('location')).to.equal(`/api/v1/episodes/${episode.id}`);
    expect(created.response.headers.get('etag')).to.equal(`"${episode.id}-${Date.parse(episode.last_modified)}"`);
    expect(episode).to.include({ show_name: 'Harbor Lights', season_number: 1, episode_number: 1, air_date: '2024-02-04', rating: 8.5 });
    expect(episode.id).to.be.a('number');
    expect(episode.upload_date).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(episode.last_modified).to.equal(episode.upload_date);
    expect(episode).to.not.have.property('deleted_at');

    const read = await catalog.call('GET', `/api/v1/episodes/${episode.id}`, { role: 'viewer' });
    expect(read.status).to.equal(200);
    expect(read.body).to.deep.equal(episode);
    expect(read.response.headers.get('etag')).to.equal(created.response.headers.get('etag'));
  });

  it('When an episode is created, then episode.created reaches a queue subscribed to catalog-events, with the request id and the actor', async () => {
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ episode_number: 2, episode_title: 'Undertow' }) });
    expect(created.status).to.equal(201);
    const event = await catalog.events.eventOf('episode.created', `episodes/${created.body.id}`);
    expect(event).to.include({ specversion: '1.0', source: 'episodic/catalog', correlationid: created.requestId });
    expect(event.data).to.deep.equal({ episode: created.body });
    expect(event.actor).to.include({ user_id: 'editor-user', user_agent: 'catalog-test' });
    expect(event.actor.roles).to.deep.equal(['editor']);
  });

  it('When ratings have one decimal place (0.0 to 10.0), then every one is accepted and read back exactly', async () => {
    const refused: number[] = [];
    for (let tenths = 0; tenths <= 100; tenths += 1) {
      const rating = tenths / 10;
      const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Rating Scale', episode_number: tenths, rating }) });
      if (created.status !== 201 || created.body.rating !== rating) refused.push(rating);
    }
    expect(refused, 'ratings refused or changed').to.deep.equal([]);
  });

  it('When required fields are missing, then 400 lists each one by path', async () => {
    const response = await catalog.call('POST', '/api/v1/episodes', { body: { show_name: 'Harbor Lights' } });
    expect(response.status).to.equal(400);
    expect(response.response.headers.get('content-type')).to.contain('application/problem+json');
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).to.include.members(['/season_number', '/episode_number', '/episode_title']);
  });

  it('When fields have the wrong type or range, then 400 names each field', async () => {
    const response = await catalog.call('POST', '/api/v1/episodes', {
      body: newEpisode({ season_number: 'one', rating: 11, air_date: '4 Feb 2024' }),
    });
    expect(response.status).to.equal(400);
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).to.include.members(['/season_number', '/rating', '/air_date']);
  });

  it('When the body carries an unknown field or a read-only one, then 400 rejects each by path and nothing is stored', async () => {
    const response = await catalog.call('POST', '/api/v1/episodes', {
      body: newEpisode({ episode_number: 3, foo: 1, id: 99, processing_status: 'complete', raw_video_s3_key: 'x/y.mp4' }),
    });
    expect(response.status).to.equal(400);
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).to.include.members(['/foo', '/id', '/processing_status', '/raw_video_s3_key']);
    const list = await catalog.call('GET', '/api/v1/episodes?show_name=Harbor%20Lights');
    expect(list.body.items.map((episode: { episode_number: number }) => episode.episode_number)).to.not.include(3);
  });

  it('When the same show, season and episode already exists, then 409 and the original is untouched', async () => {
    const first = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Twice Told' }) });
    const second = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Twice Told', episode_title: 'Again' }) });
    expect(second.status).to.equal(409);
    expect(second.body).to.include({ status: 409, type: 'urn:problem:episodic:conflict' });
    const list = await catalog.call('GET', '/api/v1/episodes?show_name=Twice%20Told');
    expect(list.body.items).to.deep.equal([first.body]);
  });

  it('When the body is not JSON, then 415; when it is malformed JSON, then 400', async () => {
    const form = await catalog.call('POST', '/api/v1/episodes', { body: 'show_name=x', headers: { 'content-type': 'text/plain' } });
    expect(form.status).to.equal(415);
    const broken = await catalog.call('POST', '/api/v1/episodes', { body: '{"show_name":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).to.equal(400);
  });

  it('When a viewer creates, then 403; without a token, then 401', async () => {
    const viewer = await catalog.call('POST', '/api/v1/episodes', { role: 'viewer', body: newEpisode({ episode_number: 9 }) });
    expect(viewer.status).to.equal(403);
    const anonymous = await fetch(`${catalog.url}/api/v1/episodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newEpisode({ episode_number: 9 })),
    });
    expect(anonymous.status).to.equal(401);
  });

  it('When an episode id does not exist or is not a number, then 404 or 400', async () => {
    expect((await catalog.call('GET', '/api/v1/episodes/999999')).status).to.equal(404);
    const bad = await catalog.call('GET', '/api/v1/episodes/abc');
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('/id');
  });
});
