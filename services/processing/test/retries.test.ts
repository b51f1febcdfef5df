import { expect } from 'chai';
import { waitFor } from '@episodic/core';
import { freePort } from '@episodic/testing';
import { deadLettered, eventOfJob, jobsQueueDrained, outboxEventsOf, testVideos } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

describe('processing/retries: S3 down for the worker', function () {
  this.timeout(60_000);
  let app: ProcessingUnderTest;

  before(async () => {
    app = await startProcessing({ s3Endpoint: `http://127.0.0.1:${await freePort()}`, maxRetries: 2, retryBaseSeconds: 1 });
  });
  after(() => app?.stop());

  it('When S3 stays unavailable, then the job is retried twice with backoff, fails naming S3, is published failed once and dead-lettered, and the queue is empty', async () => {
    const episodeId = await app.createEpisode();
    await app.uploadVideo(episodeId, (await testVideos()).video);
    const accepted = await app.requestJob(episodeId, { job_type: 'metadata_extraction' });
    expect(accepted.status).to.equal(202);
    expect(accepted.body.max_retries).to.equal(2);

    const job = await app.waitForJob(accepted.body.id, ['failed', 'completed'], 30_000);
    expect(job).to.include({ status: 'failed', retry_count: 2 });
    expect(job.error_message).to.match(/S3/);
    const failed = await eventOfJob(app, 'processing.failed', job.id);
    expect((failed.data as { job: { retry_count: number } }).job.retry_count).to.equal(2);
    expect(await outboxEventsOf(app, 'processing.started', job.id)).to.equal(3);
    expect(await outboxEventsOf(app, 'processing.failed', job.id)).to.equal(1);
    await waitFor(() => deadLettered(app, job.id), { timeoutMs: 5000, what: 'the job in the DLQ' });
    await waitFor(() => jobsQueueDrained(app), { timeoutMs: 5000, what: 'the jobs queue to be empty' });
  });
});
