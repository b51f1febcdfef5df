import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { waitFor } from '@episodic/core';
import { eventOfJob, jobsQueueDrained, outboxEventsOf, queueDepth } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

describe('processing/cancel: a job whose episode is deleted before it runs', function () {
  this.timeout(30_000);
  let app: ProcessingUnderTest;

  before(async () => {
    app = await startProcessing({ startWorker: false });
  });
  after(() => app?.stop());

  it('When the episode is deleted while its job waits, then the job is cancelled with processing.failed, and a worker later drops its message', async () => {
    const episodeId = await app.createEpisode();
    await app.uploadVideo(episodeId, randomBytes(2048));
    const accepted = await app.requestJob(episodeId, { job_type: 'metadata_extraction' });
    expect(accepted.status).to.equal(202);
    await waitFor(async () => (await queueDepth(app, app.queueUrls.jobs)).visible === 1, { timeoutMs: 5000, what: 'the work item on the jobs queue' });

    const requestId = randomUUID();
    const deleted = await app.call('DELETE', `/api/v1/episodes/${episodeId}`, { service: 'catalog', role: 'admin', requestId });
    expect(deleted.status, JSON.stringify(deleted.body)).to.equal(204);
    const job = await app.waitForJob(accepted.body.id, ['cancelled'], 10_000);
    expect(job.error_message).to.match(/deleted/);
    expect(job.completed_at).to.be.a('string');
    const failed = await eventOfJob(app, 'processing.failed', job.id);
    expect(failed.correlationid).to.equal(requestId);
    expect((failed.data as { job: { status: string } }).job.status).to.equal('cancelled');

    app.startWorker();
    await waitFor(() => jobsQueueDrained(app), { timeoutMs: 10_000, what: 'the worker to drop the message' });
    expect((await app.call('GET', `/api/v1/processing-queue/${job.id}`)).body).to.deep.equal(job);
    expect(await outboxEventsOf(app, 'processing.started', job.id)).to.equal(0);
    expect(await outboxEventsOf(app, 'processing.failed', job.id)).to.equal(1);
  });
});
