import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { waitFor } from '@episodic/core';
import { deadLettered, eventOfJob, jobsQueueDrained, outboxEventsOf, testVideos, type TestVideos } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

type Frame = { s3_key: string; quality_rating: number; position_seconds: number; renditions: Array<{ s3_key: string; width_pixels: number }> };

describe('processing/worker: frame and metadata jobs on a real video', function () {
  this.timeout(60_000);
  let app: ProcessingUnderTest;
  let videos: TestVideos;

  before(async () => {
    [app, videos] = await Promise.all([startProcessing(), testVideos()]);
  });
  after(() => app?.stop());

  const episodeWith = async (bytes: Uint8Array) => {
    const episodeId = await app.createEpisode();
    await app.uploadVideo(episodeId, bytes);
    return episodeId;
  };

  const frameJob = async (episodeId: number, config: Record<string, unknown>, requestId = randomUUID()) => {
    const accepted = await app.requestJob(episodeId, { job_type: 'thumbnail_generation', config: { widths: [160], ...config } }, { requestId });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    return accepted.body.id as number;
  };

  it('When a thumbnail job with count 3 runs, then it completes with 3 stored frames (original and rendition), the best-rated one primary', async () => {
    const episodeId = await episodeWith(videos.video);
    const requestId = randomUUID();
    const jobId = await frameJob(episodeId, { count: 3 }, requestId);

    const job = await app.waitForJob(jobId, ['completed', 'failed']);
    expect(job, job.error_message).to.include({ status: 'completed', retry_count: 0, error_message: null });
    const started = await eventOfJob(app, 'processing.started', jobId);
    const completed = await eventOfJob(app, 'processing.completed', jobId);
    expect(completed.correlationid).to.equal(requestId);
    expect(app.events.received.indexOf(started)).to.be.lessThan(app.events.received.indexOf(completed));
    const { frames, primary_s3_key: primary } = (completed.data as { result: { frames: Frame[]; primary_s3_key: string } }).result;
    expect(frames).to.have.length(3);
    const best = frames.reduce((top, frame) => (frame.quality_rating > top.quality_rating ? frame : top));
    expect(primary).to.equal(best.s3_key);
    const stored = await app.store.list(`episodes/${episodeId}/thumbnails/`);
    const expected = frames.flatMap((frame) => [frame.s3_key, ...frame.renditions.map((rendition) => rendition.s3_key)]);
    expect(frames.every((frame) => frame.renditions.length === 1 && frame.renditions[0]!.width_pixels === 160)).to.equal(true);
    expect(stored).to.have.members(expected);
    expect(await outboxEventsOf(app, 'processing.completed', jobId)).to.equal(1);
  });

  it('When a position falls in the black segment, then its frame is shifted off it', async () => {
    const episodeId = await episodeWith(videos.video);
    const jobId = await frameJob(episodeId, { positions: [2, 21, 27] });
    const job = await app.waitForJob(jobId, ['completed', 'failed']);
    expect(job, job.error_message).to.include({ status: 'completed' });
    const completed = await eventOfJob(app, 'processing.completed', jobId);
    const positions = (completed.data as { result: { frames: Frame[] } }).result.frames.map((frame) => frame.position_seconds);
    expect(positions).to.include.members([2, 27]);
    expect(positions).to.have.length(3);
    const shifted = positions.find((position) => position !== 2 && position !== 27)!;
    expect(shifted >= 20 && shifted < 24, `frame at ${shifted}`).to.equal(false);
  });

  it('When every position is past the end of the video, then the job fails at once with positions-out-of-range and its message goes to the DLQ', async () => {
    const episodeId = await episodeWith(videos.video);
    const jobId = await frameJob(episodeId, { positions: [40, 50] });
    const job = await app.waitForJob(jobId, ['failed', 'completed']);
    expect(job).to.include({ status: 'failed', retry_count: 0 });
    expect(job.error_message).to.match(/^positions-out-of-range:/);
    const failed = await eventOfJob(app, 'processing.failed', jobId);
    expect((failed.data as { job: { status: string } }).job.status).to.equal('failed');
    await waitFor(() => deadLettered(app, jobId), { timeoutMs: 5000, what: 'the job in the DLQ' });
    expect(await outboxEventsOf(app, 'processing.started', jobId)).to.equal(1);
  });

  it('When a metadata_extraction job runs, then the technical facts and scene changes near 20 and 24 s are published', async () => {
    const episodeId = await episodeWith(videos.video);
    const accepted = await app.requestJob(episodeId, { job_type: 'metadata_extraction' });
    expect(accepted.status).to.equal(202);
    const job = await app.waitForJob(accepted.body.id, ['completed', 'failed']);
    expect(job, job.error_message).to.include({ status: 'completed' });
    const completed = await eventOfJob(app, 'processing.completed', job.id);
    const result = (completed.data as { result: { technical: Record<string, unknown>; scene_changes: number[] } }).result;
    expect(result.technical).to.include({ width: 640, height: 360, video_codec: 'h264' });
    expect(result.technical['duration_seconds']).to.be.closeTo(30, 0.5);
    for (const cut of [20, 24]) {
      expect(result.scene_changes.some((at) => Math.abs(at - cut) <= 0.5), `${cut} in ${result.scene_changes}`).to.equal(true);
    }
  });

  it('When the video is truncated, then the job fails with video-unreadable without retries, goes to the DLQ, and the worker still completes the next job', async () => {
    const episodeId = await episodeWith(videos.truncated);
    const jobId = await frameJob(episodeId, { positions: [27] });
    const job = await app.waitForJob(jobId, ['failed', 'completed']);
    expect(job).to.include({ status: 'failed', retry_count: 0 });
    expect(job.error_message).to.match(/^video-unreadable:/);
    await waitFor(() => deadLettered(app, jobId), { timeoutMs: 5000, what: 'the job in the DLQ' });
    expect(await outboxEventsOf(app, 'processing.started', jobId)).to.equal(1);

    const next = await app.requestJob(await episodeWith(videos.video), { job_type: 'metadata_extraction' });
    expect((await app.waitForJob(next.body.id, ['completed', 'failed']))).to.include({ status: 'completed' });
    await waitFor(() => jobsQueueDrained(app), { timeoutMs: 5000, what: 'the jobs queue to be empty' });
  });
});
