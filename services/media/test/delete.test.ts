import { expect } from 'chai';
import type { Thumbnail } from '@episodic/contracts';
import { waitFor } from '@episodic/core';
import { noise } from '@episodic/testing';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { expectProblem, objectsOf, thumbnailRowsOf } from './media-state.ts';
import { uploaded, uploadForm } from './upload-forms.ts';

describe('media: deleting a thumbnail', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  let doomed: Thumbnail;
  let kept: Thumbnail;
  before(async () => {
    app = await startMedia();
    episodeId = await app.createEpisode();
    const bytes = await noise(700, 400).jpeg().toBuffer();
    const created = await app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { body: uploadForm(bytes, { thumbnail_type: 'primary' }) });
    expect(created.status).to.equal(201);
    doomed = created.body as Thumbnail;
    kept = await uploaded(app, episodeId);
  });
  after(() => app.stop());

  const keysOf = (thumbnail: Thumbnail) => [thumbnail.s3_key, ...thumbnail.renditions.map((rendition) => rendition.s3_key)];

  it('When an admin deletes a thumbnail, then 204, it is gone from the API, its original and renditions leave S3, and thumbnail.deleted says why', async () => {
    const keys = keysOf(doomed);
    expect(keys).to.have.length(4);
    for (const key of keys) expect(await app.store.head(key), key).to.not.equal(undefined);

    const reply = await app.call('DELETE', `/api/v1/thumbnails/${doomed.id}`, { role: 'admin' });
    expect(reply.status).to.equal(204);
    expectProblem(await app.call('GET', `/api/v1/thumbnails/${doomed.id}`, { role: 'viewer' }), 404, 'not-found');
    expect((await thumbnailRowsOf(app, episodeId)).map((row) => row.id)).to.deep.equal([kept.id]);

    for (const key of keys) {
      await waitFor(async () => (await app.store.head(key)) === undefined, { timeoutMs: 5000, what: `${key} to leave S3` });
    }
    expect((await objectsOf(app, episodeId)).sort()).to.deep.equal(keysOf(kept).sort());

    const event = await app.events.eventOf('thumbnail.deleted', `episodes/${episodeId}/thumbnails/${doomed.id}`, reply.requestId);
    expect(event.data).to.deep.include({ reason: 'deleted', thumbnail: doomed });
    expect(event.actor).to.include({ user_id: 'admin-user' });
  });

  it('When the same thumbnail is deleted again, then 404', async () => {
    expectProblem(await app.call('DELETE', `/api/v1/thumbnails/${doomed.id}`, { role: 'admin' }), 404, 'not-found');
  });

  it('When a thumbnail that never existed is deleted, then 404 and nothing else changes', async () => {
    expectProblem(await app.call('DELETE', '/api/v1/thumbnails/987654', { role: 'admin' }), 404, 'not-found');
    expect((await thumbnailRowsOf(app, episodeId)).map((row) => row.id)).to.deep.equal([kept.id]);
  });
});
