import { expect } from 'chai';
import { waitFor } from '@episodic/core';
import { freePort } from '@episodic/testing';
import { noise } from '@episodic/testing';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { expectProblem, objectsOf, thumbnailRowsOf } from './media-state.ts';
import { uploadForm, uploadTo } from './upload-forms.ts';

/** A URL nothing listens on: every call to it is refused at once. */
const closedUrl = async () => `http://127.0.0.1:${await freePort()}`;

describe('media: when S3 is unreachable', () => {
  let app: MediaUnderTest;
  before(async () => {
    app = await startMedia({ s3Endpoint: await closedUrl() });
  });
  after(() => app.stop());

  it('When an image is uploaded, then 503 naming S3 within a few seconds, no row, and its keys stay scheduled for deletion', async () => {
    const episodeId = await app.createEpisode();
    const started = performance.now();
    const reply = await uploadTo(app, episodeId);
    expect(performance.now() - started).to.be.below(5000);
    expectProblem(reply, 503, 'dependency-unavailable');
    expect(reply.body.detail).to.contain('S3');
    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
    expect(await app.media.deps.deletions.pending(), 'the objects that may have landed are swept once S3 is back').to.equal(2);
  });

  it('When /ready is asked, then 503 naming s3', async () => {
    const response = await fetch(`${app.url}/ready`);
    expect(response.status).to.equal(503);
    const body = await response.json() as { detail: string; checks: Record<string, unknown> };
    expect(body.detail).to.contain('s3');
  });
});

describe('media: when the database fails after the objects are in S3', () => {
  let app: MediaUnderTest;
  before(async () => {
    app = await startMedia();
  });
  after(() => app.stop());

  it('When the row cannot be inserted, then 500, no row, and the objects already put are swept from S3', async () => {
    const episodeId = await app.createEpisode();
    await app.sequelize.query(`
      CREATE FUNCTION refuse_thumbnail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'thumbnails are refused'; END $$;
      CREATE TRIGGER refuse_thumbnail BEFORE INSERT ON thumbnails FOR EACH ROW EXECUTE FUNCTION refuse_thumbnail();`);
    // Held back so the test sees what the failed upload left in S3 before it is swept.
    await app.sweeper.stop();
    try {
      const bytes = await noise(700, 400).jpeg().toBuffer();
      const reply = await app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { body: uploadForm(bytes, { thumbnail_type: 'primary' }) });
      expectProblem(reply, 500, 'internal');
      expect(reply.body.detail).to.not.contain('refused');
      expect(await objectsOf(app, episodeId), 'the original and three renditions were put').to.have.length(4);
      expect(await app.media.deps.deletions.pending(), 'and are due for deletion').to.equal(4);
    } finally {
      await app.sequelize.query('DROP TRIGGER refuse_thumbnail ON thumbnails; DROP FUNCTION refuse_thumbnail();');
      app.sweeper.start();
    }
    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
    await waitFor(async () => (await objectsOf(app, episodeId)).length === 0, { timeoutMs: 5000, what: 'the uncommitted objects to leave S3' });
    await waitFor(async () => (await app.media.deps.deletions.pending()) === 0, { timeoutMs: 5000, what: 'object_deletions to empty' });

    const retried = await uploadTo(app, episodeId);
    expect(retried.status, 'the same upload works once the database does').to.equal(201);
  });
});

describe('media: when catalog is unreachable', () => {
  let app: MediaUnderTest;
  before(async () => {
    app = await startMedia({ catalogUrl: await closedUrl() });
  });
  after(() => app.stop());

  it('When an episode media has not heard of is used, then 503 naming catalog and no row', async () => {
    const started = performance.now();
    const reply = await uploadTo(app, 987_654);
    expect(performance.now() - started).to.be.below(5000);
    expectProblem(reply, 503, 'dependency-unavailable');
    expect(reply.body.detail).to.contain('catalog');
    expect(await thumbnailRowsOf(app, 987_654)).to.deep.equal([]);
    expectProblem(await app.call('GET', '/api/v1/episodes/987654/thumbnails', { role: 'viewer' }), 503, 'dependency-unavailable');
  });

  it('When an episode media already knows from its episode.created event is used, then the upload works without catalog', async () => {
    const episodeId = await app.createEpisode();
    await waitFor(
      async () => (await app.media.deps.known.statusOf(episodeId)) === 'live',
      { timeoutMs: 10_000, what: 'episode.created to reach media' },
    );
    const reply = await uploadTo(app, episodeId);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
  });
});
