import { expect } from 'chai';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

const EXTRACTED = {
  extracted_text: 'HARBOR PILOT',
  scenes_detected: [{ start_seconds: 0, end_seconds: 42.5 }],
  sentiment_analysis: { overall: 'tense' },
  visual_objects: [{ label: 'boat', confidence: 0.93 }],
  transcription: 'Who left the engine running?',
  tags: ['storm', 'coast'],
  categories: ['Drama'],
  extraction_timestamp: '2026-01-02T03:04:05.000Z',
  processing_duration_seconds: 73,
};

describe('catalog/metadata /api/v1/episodes/:id/metadata', () => {
  let catalog: CatalogUnderTest;
  let episodeNumber = 0;

  async function anEpisode(): Promise<{ id: number }> {
    episodeNumber += 1;
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Meta Show', episode_number: episodeNumber }) });
    return created.body;
  }

  before(async () => (catalog = await startCatalog()));
  after(() => catalog.stop());

  it('When no metadata was stored yet, then GET answers 404', async () => {
    const episode = await anEpisode();
    const response = await catalog.call('GET', `/api/v1/episodes/${episode.id}/metadata`, { role: 'viewer' });
    expect(response.status).to.equal(404);
  });

  it('When a system client stores metadata, then 201 with Location and the full resource, GET returns it and metadata.stored is published', async () => {
    const episode = await anEpisode();
    const stored = await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: EXTRACTED });
    expect(stored.status).to.equal(201);
    expect(stored.response.headers.get('location')).to.equal(`/api/v1/episodes/${episode.id}/metadata`);
    expect(stored.body).to.include({ episode_id: episode.id, extracted_text: 'HARBOR PILOT', processing_duration_seconds: 73 });
    expect(stored.body).to.deep.include({ tags: ['storm', 'coast'], visual_objects: EXTRACTED.visual_objects, extraction_timestamp: EXTRACTED.extraction_timestamp });
    expect(stored.body.created_at).to.match(/Z$/);
    const read = await catalog.call('GET', `/api/v1/episodes/${episode.id}/metadata`, { role: 'viewer' });
    expect(read.body).to.deep.equal(stored.body);
    const event = await catalog.events.eventOf('metadata.stored', `episodes/${episode.id}`, stored.requestId);
    expect(event.data).to.deep.equal({ metadata: stored.body });
  });

  it('When metadata is stored twice, then the second POST answers 409', async () => {
    const episode = await anEpisode();
    expect((await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: EXTRACTED })).status).to.equal(201);
    const again = await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'admin', body: EXTRACTED });
    expect(again.status).to.equal(409);
  });

  it('When an admin PUTs changes, then they are applied and metadata.updated carries before and after', async () => {
    const episode = await anEpisode();
    const stored = await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: EXTRACTED });
    const updated = await catalog.call('PUT', `/api/v1/episodes/${episode.id}/metadata`, { role: 'admin', body: { tags: ['calm'], transcription: null } });
    expect(updated.status).to.equal(200);
    expect(updated.body).to.deep.equal({ ...stored.body, tags: ['calm'], transcription: null, updated_at: updated.body.updated_at });
    expect(Date.parse(updated.body.updated_at)).to.be.greaterThan(Date.parse(stored.body.updated_at));
    const event = await catalog.events.eventOf('metadata.updated', `episodes/${episode.id}`, updated.requestId);
    expect(event.data).to.deep.equal({ before: stored.body, after: updated.body });
  });

  it('When PUT finds no metadata, then 404', async () => {
    const episode = await anEpisode();
    expect((await catalog.call('PUT', `/api/v1/episodes/${episode.id}/metadata`, { role: 'admin', body: { tags: [] } })).status).to.equal(404);
  });

  it('When the episode is missing or deleted, then GET, POST and PUT answer 404', async () => {
    const episode = await anEpisode();
    await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: EXTRACTED });
    await catalog.call('DELETE', `/api/v1/episodes/${episode.id}`, { role: 'admin' });
    for (const id of [episode.id, 999999]) {
      expect((await catalog.call('GET', `/api/v1/episodes/${id}/metadata`)).status, `GET ${id}`).to.equal(404);
      expect((await catalog.call('POST', `/api/v1/episodes/${id}/metadata`, { role: 'system', body: EXTRACTED })).status, `POST ${id}`).to.equal(404);
      expect((await catalog.call('PUT', `/api/v1/episodes/${id}/metadata`, { role: 'admin', body: { tags: [] } })).status, `PUT ${id}`).to.equal(404);
    }
  });

  it('When the body has unknown or read-only fields, then 400 names them', async () => {
    const episode = await anEpisode();
    const response = await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: { ...EXTRACTED, episode_id: 3, bogus: 1 } });
    expect(response.status).to.equal(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).to.include.members(['/episode_id', '/bogus']);
  });

  it('When an editor posts or puts metadata, then 403 (system or admin stores, admin updates)', async () => {
    const episode = await anEpisode();
    expect((await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'editor', body: EXTRACTED })).status).to.equal(403);
    expect((await catalog.call('PUT', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: EXTRACTED })).status).to.equal(403);
  });
});
