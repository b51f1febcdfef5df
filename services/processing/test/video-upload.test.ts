import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { expectProblem } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

describe('processing/video upload: presigned PUT URLs and the upload watcher', () => {
  let app: ProcessingUnderTest;

  before(async () => {
    app = await startProcessing({ startWorker: false });
  });
  after(() => app?.stop());

  const ask = (episodeId: number, body: unknown, role: 'viewer' | 'editor' = 'editor', requestId = randomUUID()) =>
    app.call('POST', `/api/v1/episodes/${episodeId}/video`, { json: body, role, requestId });

  const statusOf = async (key: string) => {
    const [row] = await app.sequelize.query<{ status: string }>('SELECT status FROM video_uploads WHERE s3_key = :key', { replacements: { key }, type: QueryTypes.SELECT });
    return row?.status;
  };

  it('When an editor asks for an upload URL and PUTs the video, then 201 with a URL bound to type and size, and video.uploaded names the requester and request', async () => {
    const episodeId = await app.createEpisode();
    const bytes = randomBytes(4096);
    const requestId = randomUUID();
    const ticket = await ask(episodeId, { content_type: 'video/mp4', size_bytes: bytes.length }, 'editor', requestId);

    expect(ticket.status, JSON.stringify(ticket.body)).to.equal(201);
    expect(ticket.body).to.include({ episode_id: episodeId, method: 'PUT' });
    expect(ticket.body.headers).to.deep.equal({ 'content-type': 'video/mp4' });
    expect(ticket.body.s3_key).to.match(new RegExp(`^episodes/${episodeId}/video/[0-9a-f-]{36}\\.mp4$`));
    const signed = new URL(ticket.body.upload_url).searchParams.get('X-Amz-SignedHeaders') ?? '';
    expect(signed.split(';')).to.include.members(['content-length', 'content-type']);
    expect(await statusOf(ticket.body.s3_key)).to.equal('awaiting');

    const put = await fetch(ticket.body.upload_url, { method: 'PUT', headers: ticket.body.headers, body: bytes });
    expect(put.status).to.equal(200);
    const uploaded = await app.events.eventOf('video.uploaded', `episodes/${episodeId}/video`, requestId);
    expect(uploaded.data).to.deep.equal({ episode_id: episodeId, s3_bucket: app.store.bucket, s3_key: ticket.body.s3_key, content_type: 'video/mp4', size_bytes: bytes.length });
    expect(uploaded.actor).to.include({ user_id: 'editor-user' });
    expect(uploaded.actor.roles).to.include('editor');
    expect(await statusOf(ticket.body.s3_key)).to.equal('arrived');
  });

  it('When the PUT carries another size than asked for, then the video never arrives: the object is removed and the upload expired', async () => {
    const episodeId = await app.createEpisode();
    const ticket = await ask(episodeId, { content_type: 'video/mp4', size_bytes: 2048 });
    expect(ticket.status).to.equal(201);

    const put = await fetch(ticket.body.upload_url, { method: 'PUT', headers: ticket.body.headers, body: randomBytes(1024) });
    const head = await app.store.head(ticket.body.s3_key);
    // Real S3 refuses the signed length; where the emulator lets it through, the watcher's size check must still refuse it
    // (the watcher running in the background may have removed it already).
    expect(put.status === 403 || head === undefined || head.contentLength === 1024, `PUT answered ${put.status}`).to.equal(true);
    expect(await app.watcher.checkOnce()).to.equal(0);
    expect(await statusOf(ticket.body.s3_key)).to.equal(put.status === 403 ? 'awaiting' : 'expired');
    expect(await app.store.head(ticket.body.s3_key)).to.equal(undefined);
    const [{ count }] = await app.sequelize.query<{ count: string }>(
      "SELECT count(*) AS count FROM outbox WHERE event_type = 'video.uploaded' AND (event -> 'data' ->> 'episode_id')::int = :episodeId",
      { replacements: { episodeId }, type: QueryTypes.SELECT },
    ) as [{ count: string }];
    expect(Number(count)).to.equal(0);
  });

  it('When the size is above VIDEO_MAX_BYTES, then 413', async () => {
    const episodeId = await app.createEpisode();
    expectProblem(await ask(episodeId, { content_type: 'video/mp4', size_bytes: 30 * 1024 ** 3 }), 413);
  });

  it('When the content type is not a video type, then 400', async () => {
    const episodeId = await app.createEpisode();
    expectProblem(await ask(episodeId, { content_type: 'image/jpeg', size_bytes: 1000 }), 400);
  });

  it('When the episode does not exist, then 404', async () => {
    expectProblem(await ask(999_999, { content_type: 'video/mp4', size_bytes: 1000 }), 404);
  });

  it('When a viewer asks for an upload URL, then 403', async () => {
    const episodeId = await app.createEpisode();
    expectProblem(await ask(episodeId, { content_type: 'video/mp4', size_bytes: 1000 }, 'viewer'), 403);
  });
});
