import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { expectProblem } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

describe('processing/jobs API: requesting and listing jobs', () => {
  let app: ProcessingUnderTest;

  before(async () => {
    app = await startProcessing({ startWorker: false });
  });
  after(() => app?.stop());

  /** An episode whose (fake) video arrived: jobs may be asked for, and no worker runs them here. */
  const episodeWithVideo = async () => {
    const episodeId = await app.createEpisode();
    await app.uploadVideo(episodeId, randomBytes(2048));
    return episodeId;
  };

  it('When a job is requested, then 202 with its Location and a pending job, and processing.requested carries the job and the video', async () => {
    const episodeId = await episodeWithVideo();
    const requestId = randomUUID();
    const accepted = await app.requestJob(episodeId, { job_type: 'thumbnail_generation', config: { count: 2, widths: [320] } }, { requestId });

    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    expect(accepted.headers.get('location')).to.equal(`/api/v1/processing-queue/${accepted.body.id}`);
    expect(accepted.body).to.include({ episode_id: episodeId, job_type: 'thumbnail_generation', status: 'pending', retry_count: 0, max_retries: 3 });
    expect(accepted.body.job_config).to.deep.equal({ count: 2, widths: [320] });
    const requested = await app.events.eventOf('processing.requested', `episodes/${episodeId}/jobs/${accepted.body.id}`, requestId);
    expect(requested.data['job']).to.deep.equal(accepted.body);
    expect((requested.data['video'] as { s3_key: string }).s3_key).to.match(new RegExp(`^episodes/${episodeId}/video/`));
  });

  it('When a thumbnail job names no positions or count, then it is stored with the default count of 5', async () => {
    const episodeId = await episodeWithVideo();
    const accepted = await app.requestJob(episodeId, { job_type: 'thumbnail_generation' });
    expect(accepted.status).to.equal(202);
    expect(accepted.body.job_config).to.deep.equal({ count: 5 });
  });

  it('When the same job type is requested while one is pending, then 409, and another type is accepted', async () => {
    const episodeId = await episodeWithVideo();
    expect((await app.requestJob(episodeId, { job_type: 'metadata_extraction' })).status).to.equal(202);
    expectProblem(await app.requestJob(episodeId, { job_type: 'metadata_extraction' }), 409);
    expect((await app.requestJob(episodeId, { job_type: 'thumbnail_generation' })).status).to.equal(202);
    const listed = await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}`);
    expect(listed.body.items).to.have.length(2);
  });

  it('When the episode has no video yet, then 422 no-video', async () => {
    const episodeId = await app.createEpisode();
    expectProblem(await app.requestJob(episodeId, { job_type: 'metadata_extraction' }), 422, 'no-video');
    expect((await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}`)).body.items).to.deep.equal([]);
  });

  it('When the jobs are listed with filters, then only matching jobs come, newest first, in keyset pages', async () => {
    const episodeId = await episodeWithVideo();
    const metadata = (await app.requestJob(episodeId, { job_type: 'metadata_extraction' })).body;
    const frames = (await app.requestJob(episodeId, { job_type: 'thumbnail_generation', config: { positions: [1] } })).body;

    const byEpisode = await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}`);
    expect(byEpisode.status).to.equal(200);
    expect(byEpisode.body.items.map((job: { id: number }) => job.id)).to.deep.equal([frames.id, metadata.id]);
    const byType = await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}&job_type=metadata_extraction`);
    expect(byType.body.items.map((job: { id: number }) => job.id)).to.deep.equal([metadata.id]);
    const byStatus = await app.call('GET', '/api/v1/processing-queue?status=completed');
    expect(byStatus.body.items).to.deep.equal([]);
    const pending = await app.call('GET', '/api/v1/processing-queue?status=pending&limit=100');
    expect(pending.body.items.map((job: { id: number }) => job.id)).to.include.members([frames.id, metadata.id]);

    const first = await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}&limit=1`);
    expect(first.body.items.map((job: { id: number }) => job.id)).to.deep.equal([frames.id]);
    expect(first.body.next_cursor).to.be.a('string');
    const second = await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}&limit=1&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(second.body.items.map((job: { id: number }) => job.id)).to.deep.equal([metadata.id]);
    expect(second.body.next_cursor).to.equal(null);
  });

  it('When the page size is above 100, then 400', async () => {
    expectProblem(await app.call('GET', '/api/v1/processing-queue?limit=101'), 400);
  });

  it('When one job is read, then it is the job; an unknown id is 404', async () => {
    const episodeId = await episodeWithVideo();
    const accepted = (await app.requestJob(episodeId, { job_type: 'metadata_extraction' })).body;
    const read = await app.call('GET', `/api/v1/processing-queue/${accepted.id}`);
    expect(read.status).to.equal(200);
    expect(read.body).to.deep.equal(accepted);
    expectProblem(await app.call('GET', '/api/v1/processing-queue/999999'), 404);
  });

  it('When a config names both positions and count, or a key the job type does not know, then 400 and no job', async () => {
    const episodeId = await episodeWithVideo();
    expectProblem(await app.requestJob(episodeId, { job_type: 'thumbnail_generation', config: { positions: [1, 2], count: 2 } }), 400);
    expectProblem(await app.requestJob(episodeId, { job_type: 'thumbnail_generation', config: { frames: 3 } }), 400);
    expectProblem(await app.requestJob(episodeId, { job_type: 'metadata_extraction', config: { count: 3 } }), 400);
    expect((await app.call('GET', `/api/v1/processing-queue?episode_id=${episodeId}`)).body.items).to.deep.equal([]);
  });

  it('When a viewer requests a job, then 403', async () => {
    const episodeId = await episodeWithVideo();
    expectProblem(await app.requestJob(episodeId, { job_type: 'metadata_extraction' }, { role: 'viewer' }), 403);
  });
});
