import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '@episodic/core';
import { createObjectStore } from '@episodic/storage';
import { freePort } from '@episodic/testing';
import { completeMultipartUpload, startMultipartUpload } from '../src/domain/multipart-uploads.ts';
import { UploadSweeper } from '../src/domain/upload-sweeper.ts';
import { expectProblem } from './processing-state.ts';
import { logger, startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

const MiB = 1024 * 1024;

describe('processing/multipart video upload: part URLs, resume, complete, abort, expiry', () => {
  let app: ProcessingUnderTest;
  // 10 MiB: two parts of the default 8 MiB part size (8 + 2).
  const video = randomBytes(10 * MiB);

  before(async () => {
    app = await startProcessing({ startWorker: false });
  });
  after(() => app?.stop());

  const base = (episodeId: number) => `/api/v1/episodes/${episodeId}/video/uploads`;
  const start = (episodeId: number, body: unknown = { content_type: 'video/mp4', size_bytes: video.length }, requestId = randomUUID()) =>
    app.call('POST', base(episodeId), { json: body, requestId });
  const putPart = async (url: string, bytes: Buffer) => {
    const response = await fetch(url, { method: 'PUT', body: bytes });
    expect(response.status).to.equal(200);
    return response.headers.get('etag')!;
  };
  const slice = (number: number, size = 8 * MiB) => video.subarray((number - 1) * size, number * size);
  const uploadedEvents = async (episodeId: number) => {
    const [row] = await app.sequelize.query<{ count: string }>(
      "SELECT count(*) AS count FROM outbox WHERE event_type = 'video.uploaded' AND (event -> 'data' ->> 'episode_id')::int = :episodeId",
      { replacements: { episodeId }, type: QueryTypes.SELECT },
    );
    return Number(row!.count);
  };

  it('When a client uploads part 2, crashes, resumes from the parts listed and completes, then the video is the episode\'s once, even when completed twice', async () => {
    const episodeId = await app.createEpisode();
    const requestId = randomUUID();
    const started = await start(episodeId, undefined, requestId);
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    expect(started.headers.get('location')).to.equal(`${base(episodeId)}/${started.body.upload_id}`);
    expect(started.body).to.include({ upload_type: 'multipart', status: 'uploading', part_size_bytes: 8 * MiB, part_count: 2, size_bytes: video.length });
    expect(started.body.part_urls.parts.map((part: { part_number: number; size_bytes: number }) => [part.part_number, part.size_bytes])).to.deep.equal([[1, 8 * MiB], [2, 2 * MiB]]);

    const second = await putPart(started.body.part_urls.parts[1].url, slice(2));
    const resumed = await app.call('GET', `${base(episodeId)}/${started.body.upload_id}`);
    expect(resumed.body).to.include({ bytes_received: 2 * MiB });
    expect(resumed.body.missing_parts).to.deep.equal([1]);
    expect(resumed.body.parts_received).to.deep.equal([{ part_number: 2, size_bytes: 2 * MiB, etag: second }]);

    const fresh = await app.call('GET', `${base(episodeId)}/${started.body.upload_id}/part-urls?first=1&last=1`);
    const first = await putPart(fresh.body.parts[0].url, slice(1));
    const parts = [{ part_number: 1, etag: first }, { part_number: 2, etag: second }];
    const completed = await app.call('POST', `${base(episodeId)}/${started.body.upload_id}/complete`, { json: { parts } });
    const again = await app.call('POST', `${base(episodeId)}/${started.body.upload_id}/complete`, { json: {} });

    expect(completed.status, JSON.stringify(completed.body)).to.equal(200);
    expect(completed.body).to.include({ status: 'completed', bytes_received: 0 });
    expect(completed.body.completed_at).to.be.a('string');
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(completed.body);
    const uploaded = await app.events.eventOf('video.uploaded', `episodes/${episodeId}/video`, requestId);
    expect(uploaded.data).to.deep.equal({ episode_id: episodeId, s3_bucket: app.store.bucket, s3_key: started.body.s3_key, content_type: 'video/mp4', size_bytes: video.length });
    expect(await uploadedEvents(episodeId)).to.equal(1);
    const stored = await app.store.head(started.body.s3_key);
    expect(stored?.contentLength).to.equal(video.length);
  });

  it('When completing with a part missing, then 422 names the part, and nothing becomes the episode\'s video', async () => {
    const episodeId = await app.createEpisode();
    const started = await start(episodeId);
    await putPart(started.body.part_urls.parts[1].url, slice(2));

    const reply = await app.call('POST', `${base(episodeId)}/${started.body.upload_id}/complete`, { json: {} });

    expectProblem(reply, 422, 'upload-incomplete');
    expect(reply.body.errors).to.deep.include({ path: '/parts/1', message: 'part 1 has not been uploaded' });
    expect(await uploadedEvents(episodeId)).to.equal(0);
    expect(await app.store.head(started.body.s3_key)).to.equal(undefined);
    expect((await app.call('GET', `${base(episodeId)}/${started.body.upload_id}`)).body.status).to.equal('uploading');
  });

  it('When the parts add up to another size than declared, or a client ETag differs, then 422 names the part, the size and the ETag', async () => {
    const episodeId = await app.createEpisode();
    const started = await start(episodeId);
    const first = await putPart(started.body.part_urls.parts[0].url, slice(1));
    await putPart(started.body.part_urls.parts[1].url, randomBytes(MiB));

    const reply = await app.call('POST', `${base(episodeId)}/${started.body.upload_id}/complete`, { json: { parts: [{ part_number: 1, etag: `"${'0'.repeat(32)}"` }] } });

    expectProblem(reply, 422, 'upload-incomplete');
    const paths = reply.body.errors.map((error: { path: string }) => error.path);
    expect(paths).to.include.members(['/parts/2', '/size_bytes', '/parts/0/etag']);
    expect(first).to.not.equal(`"${'0'.repeat(32)}"`);
    expect(await uploadedEvents(episodeId)).to.equal(0);
  });

  it('When an upload is aborted, then 204, its parts are gone, and completing it or asking for URLs is 409', async () => {
    const episodeId = await app.createEpisode();
    const started = await start(episodeId);
    await putPart(started.body.part_urls.parts[1].url, slice(2));
    const uploadPath = `${base(episodeId)}/${started.body.upload_id}`;

    expect((await app.call('DELETE', uploadPath)).status).to.equal(204);
    expect((await app.call('DELETE', uploadPath)).status).to.equal(204);

    expect((await app.call('GET', uploadPath)).body).to.include({ status: 'aborted' });
    expectProblem(await app.call('POST', `${uploadPath}/complete`, { json: {} }), 409, 'upload-aborted');
    expectProblem(await app.call('GET', `${uploadPath}/part-urls?first=1`), 409, 'upload-aborted');
    const [{ s3_upload_id: s3UploadId }] = await app.sequelize.query<{ s3_upload_id: string }>('SELECT s3_upload_id FROM video_uploads WHERE id = :id', { replacements: { id: started.body.upload_id }, type: QueryTypes.SELECT }) as [{ s3_upload_id: string }];
    const listed = await app.store.multipart.listParts(started.body.s3_key, s3UploadId).catch((error: unknown) => error);
    expect(listed).to.be.instanceOf(AppError).and.include({ code: 'upload-not-found' });
  });

  it('When an upload outlives VIDEO_UPLOAD_EXPIRES_HOURS, then completing is 410 and the sweeper aborts it and deletes its parts', async () => {
    const episodeId = await app.createEpisode();
    const started = await start(episodeId);
    await putPart(started.body.part_urls.parts[0].url, slice(1));
    await app.sequelize.query("UPDATE video_uploads SET expires_at = now() - interval '1 minute' WHERE id = :id", { replacements: { id: started.body.upload_id } });
    const uploadPath = `${base(episodeId)}/${started.body.upload_id}`;

    expectProblem(await app.call('POST', `${uploadPath}/complete`, { json: {} }), 410, 'upload-expired');
    const swept = await new UploadSweeper(app.deps, logger, 60_000).sweepOnce();

    expect(swept).to.be.at.least(1);
    expect((await app.call('GET', uploadPath)).body).to.include({ status: 'expired', bytes_received: 0 });
    expect((await app.store.multipart.listOpen(`episodes/${episodeId}/`))).to.deep.equal([]);
    expectProblem(await app.call('POST', `${uploadPath}/complete`, { json: {} }), 410, 'upload-expired');
  });

  it('When an S3 upload under the video prefix has no row and is older than the expiry, then the sweeper aborts it too', async () => {
    const key = `episodes/${await app.createEpisode()}/video/orphan.mp4`;
    await app.store.multipart.create(key, 'video/mp4');
    const later = new Date(Date.now() + 25 * 3_600_000);

    await new UploadSweeper(app.deps, logger, 60_000).sweepOnce(later);

    expect(await app.store.multipart.listOpen(key)).to.deep.equal([]);
  });

  it('When part URLs are asked for past the last part, below 1, or too many at once, then 400 names the field', async () => {
    const episodeId = await app.createEpisode();
    const started = await start(episodeId);
    const urls = (query: string) => app.call('GET', `${base(episodeId)}/${started.body.upload_id}/part-urls?${query}`);

    const pastEnd = await urls('first=1&last=3');
    expectProblem(pastEnd, 400);
    expect(pastEnd.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/last']);
    const zero = await urls('first=0');
    expectProblem(zero, 400);
    expect(zero.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/first']);
    expectProblem(await urls('first=10001'), 400);
    expect((await urls('first=2')).body.parts.map((part: { part_number: number }) => part.part_number)).to.deep.equal([2]);
  });

  it('When the size is above VIDEO_MAX_BYTES or the type is not video, then 413 / 400 naming the field, and no upload starts', async () => {
    const episodeId = await app.createEpisode();
    const big = await start(episodeId, { content_type: 'video/mp4', size_bytes: 30 * 1024 ** 3 });
    const notVideo = await start(episodeId, { content_type: 'image/jpeg', size_bytes: 1000 });

    expectProblem(big, 413);
    expect(big.body.errors).to.deep.equal([{ path: '/size_bytes', message: 'must be at most 21474836480' }]);
    expectProblem(notVideo, 400);
    expect(notVideo.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/content_type']);
    expect(await app.store.multipart.listOpen(`episodes/${episodeId}/`)).to.deep.equal([]);
  });

  it('When one PUT is asked for a file above VIDEO_SINGLE_PUT_MAX_BYTES, then 413 points at the multipart route', async () => {
    const episodeId = await app.createEpisode();
    const reply = await app.call('POST', `/api/v1/episodes/${episodeId}/video`, { json: { content_type: 'video/mp4', size_bytes: 6 * 1024 ** 3 } });

    expectProblem(reply, 413);
    expect(reply.body.detail).to.contain(`/api/v1/episodes/${episodeId}/video/uploads`);
    expect(reply.body.errors).to.deep.equal([{ path: '/size_bytes', message: `must be at most ${5 * 1024 ** 3}` }]);
  });

  it('When S3 is unavailable while starting or completing, then 503, and a retry once it is back succeeds', async () => {
    const deadS3 = new S3Client({ endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true });
    const down = { ...app.deps, store: createObjectStore({ s3: deadS3, bucket: app.store.bucket, timeoutMs: 500 }) };
    const episodeId = await app.createEpisode();
    const caller = { authorization: '', requestId: randomUUID() };
    const meta = { actor: { user_id: 'editor-user', roles: ['editor'] }, correlationId: caller.requestId };

    const refused = await startMultipartUpload(down, episodeId, { content_type: 'video/mp4', size_bytes: video.length }, caller, meta as never).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(AppError).and.include({ status: 503 });

    const started = await start(episodeId);
    await putPart(started.body.part_urls.parts[0].url, slice(1));
    await putPart(started.body.part_urls.parts[1].url, slice(2));
    const failed = await completeMultipartUpload(down, episodeId, started.body.upload_id, {}).catch((error: unknown) => error);
    expect(failed).to.be.instanceOf(AppError).and.include({ status: 503 });
    expect(await uploadedEvents(episodeId)).to.equal(0);

    const retried = await app.call('POST', `${base(episodeId)}/${started.body.upload_id}/complete`, { json: {} });
    expect(retried.status, JSON.stringify(retried.body)).to.equal(200);
    expect(await uploadedEvents(episodeId)).to.equal(1);
  });
});
