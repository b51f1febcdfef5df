import { expect } from 'chai';
import type { Thumbnail } from '@episodic/contracts';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { expectProblem, thumbnailRowsOf } from './media-state.ts';
import { uploaded, uploadTo } from './upload-forms.ts';

describe('media: who may do what', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  let thumbnail: Thumbnail;
  before(async () => {
    app = await startMedia();
    episodeId = await app.createEpisode();
    thumbnail = await uploaded(app, episodeId);
  });
  after(() => app.stop());

  it('When a viewer lists, gets and downloads, then each answers 200', async () => {
    const list = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails`, { role: 'viewer' });
    expect(list.status).to.equal(200);
    expect(list.body.items.map((item: Thumbnail) => item.id)).to.deep.equal([thumbnail.id]);
    const details = await app.call('GET', `/api/v1/thumbnails/${thumbnail.id}`, { role: 'viewer' });
    expect(details.status).to.equal(200);
    expect(details.body).to.include({ id: thumbnail.id });
    const content = await app.call('GET', `/api/v1/thumbnails/${thumbnail.id}/content`, { role: 'viewer' });
    expect(content.status).to.equal(200);
    expect(content.headers.get('content-type')).to.equal('image/jpeg');
  });

  it('When a viewer uploads, then 403 and no row is added', async () => {
    expectProblem(await uploadTo(app, episodeId, { role: 'viewer' }), 403, 'forbidden');
    expect((await thumbnailRowsOf(app, episodeId)).map((row) => row.id)).to.deep.equal([thumbnail.id]);
  });

  for (const role of ['viewer', 'editor'] as const) {
    it(`When ${role === 'editor' ? 'an' : 'a'} ${role} deletes a thumbnail, then 403 and it stays`, async () => {
      expectProblem(await app.call('DELETE', `/api/v1/thumbnails/${thumbnail.id}`, { role }), 403, 'forbidden');
      expect((await app.call('GET', `/api/v1/thumbnails/${thumbnail.id}`, { role: 'viewer' })).status).to.equal(200);
    });
  }

  it('When an editor uploads, then 201', async () => {
    const reply = await uploadTo(app, episodeId, { role: 'editor' });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
  });

  it('When an admin deletes a thumbnail, then 204 and it is gone', async () => {
    const doomed = await uploaded(app, episodeId);
    expect((await app.call('DELETE', `/api/v1/thumbnails/${doomed.id}`, { role: 'admin' })).status).to.equal(204);
    expect((await app.call('GET', `/api/v1/thumbnails/${doomed.id}`, { role: 'viewer' })).status).to.equal(404);
  });

  for (const [method, path] of [
    ['GET', '/api/v1/episodes/:episode/thumbnails'],
    ['POST', '/api/v1/episodes/:episode/thumbnails'],
    ['GET', '/api/v1/thumbnails/:thumbnail'],
    ['GET', '/api/v1/thumbnails/:thumbnail/content'],
    ['DELETE', '/api/v1/thumbnails/:thumbnail'],
  ] as const) {
    it(`When ${method} ${path} comes without a token (media re-verifies behind the gateway), then 401`, async () => {
      const url = app.url + path.replace(':episode', String(episodeId)).replace(':thumbnail', String(thumbnail.id));
      const response = await fetch(url, { method });
      expect(response.status).to.equal(401);
      expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
      await response.body?.cancel();
    });
  }

  it('When a token is signed by someone else, then 401', async () => {
    const forged = 'eyJhbGciOiJSUzI1NiJ9.eyJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJl';
    const response = await fetch(`${app.url}/api/v1/thumbnails/${thumbnail.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).to.equal(401);
    await response.body?.cancel();
    expect((await thumbnailRowsOf(app, episodeId)).map((row) => row.id)).to.include(thumbnail.id);
  });
});
