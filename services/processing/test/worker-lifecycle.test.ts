import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { waitFor } from '@episodic/core';
import { freePort, launchService, TEST_GATEWAY_CONTEXT, type LaunchedService } from '@episodic/testing';
import { eventOfJob, jobsQueueDrained, longTestVideo, outboxEventsOf, queueDepth } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));
type Frame = { s3_key: string; renditions: Array<{ s3_key: string }> };

describe('processing/worker lifecycle: hand back, heartbeat, and a worker killed mid-job', function () {
  this.timeout(120_000);
  let app: ProcessingUnderTest;
  let video: Buffer;
  let child: LaunchedService | undefined;

  before(async () => {
    [app, video] = await Promise.all([startProcessing({ startWorker: false, visibilitySeconds: 3 }), longTestVideo()]);
  });
  afterEach(async () => {
    child?.kill();
    await child?.exited;
    child = undefined;
    await app.stopWorkers({ handBackAfterMs: 0 });
  });
  after(() => app?.stop());

  /** A frame job that keeps a worker busy for several seconds. */
  const longJob = async () => {
    const episodeId = await app.createEpisode();
    await app.uploadVideo(episodeId, video);
    const accepted = await app.requestJob(episodeId, { job_type: 'thumbnail_generation', config: { count: 40, widths: [160] } });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    return { episodeId, jobId: accepted.body.id as number };
  };

  it('When the worker stops mid-job with no time left, then the job is pending again, its message is visible, and another worker completes it once', async () => {
    const { jobId } = await longJob();
    const worker = app.startWorker();
    await eventOfJob(app, 'processing.started', jobId);
    await worker.stop({ handBackAfterMs: 0 });
    await app.stopWorkers();

    const handedBack = (await app.call('GET', `/api/v1/processing-queue/${jobId}`)).body;
    expect(handedBack).to.include({ status: 'pending', retry_count: 0 });
    expect(await queueDepth(app, app.queueUrls.jobs)).to.deep.equal({ visible: 1, inFlight: 0 });

    app.startWorker();
    const job = await app.waitForJob(jobId, ['completed', 'failed'], 60_000);
    expect(job, job.error_message).to.include({ status: 'completed', retry_count: 0 });
    expect(await outboxEventsOf(app, 'processing.completed', jobId)).to.equal(1);
    expect(await outboxEventsOf(app, 'processing.failed', jobId)).to.equal(0);
    await waitFor(() => jobsQueueDrained(app), { timeoutMs: 5000, what: 'the jobs queue to be empty' });
  });

  it('When a job outlasts the queue visibility timeout, then the heartbeat keeps it hidden and a second worker never receives it', async () => {
    const { jobId } = await longJob();
    app.startWorker();
    app.startWorker();
    const started = Date.now();
    const job = await app.waitForJob(jobId, ['completed', 'failed'], 60_000);
    expect(job, job.error_message).to.include({ status: 'completed' });
    expect(Date.now() - started, 'the job must outlast the 3 s visibility timeout').to.be.greaterThan(4000);
    expect(await outboxEventsOf(app, 'processing.started', jobId)).to.equal(1);
    expect(await outboxEventsOf(app, 'processing.completed', jobId)).to.equal(1);
  });

  it('When the worker process is killed mid-job, then after the visibility timeout another worker completes it exactly once, over the same objects', async () => {
    const { episodeId, jobId } = await longJob();
    const port = await freePort();
    const { env, names } = app;
    child = await launchService({
      name: 'processing',
      entry: ENTRY,
      readyUrl: `http://127.0.0.1:${port}/ready`,
      env: {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_URL: app.databaseUrl,
        AWS_ENDPOINT: env.emulator.endpoint,
        AWS_REGION: env.emulator.region,
        AWS_ACCESS_KEY_ID: env.emulator.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: env.emulator.credentials.secretAccessKey,
        S3_BUCKET: names.bucket,
        SNS_TOPIC_ARN_PREFIX: names.arnPrefix,
        PROCESSING_TOPIC: names.processingTopic,
        PROCESSING_QUEUE_NAME: names.episodeQueue,
        JOBS_QUEUE_NAME: names.jobsQueue,
        CATALOG_URL: app.catalogUrl,
        COGNITO_ISSUER: env.issuer.issuer,
        COGNITO_JWKS_URL: env.issuer.jwksUrl,
        COGNITO_CLIENT_IDS: env.issuer.clientId,
        GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
        SQS_WAIT_SECONDS: '1',
        JOB_VISIBILITY_SECONDS: '5',
        OUTBOX_POLL_INTERVAL_MS: '100',
      },
    });
    await eventOfJob(app, 'processing.started', jobId);
    child.kill();
    await child.exited;
    expect((await app.call('GET', `/api/v1/processing-queue/${jobId}`)).body.status).to.equal('processing');

    app.startWorker();
    const job = await app.waitForJob(jobId, ['completed', 'failed'], 60_000);
    expect(job, job.error_message).to.include({ status: 'completed' });
    expect(await outboxEventsOf(app, 'processing.started', jobId)).to.equal(2);
    expect(await outboxEventsOf(app, 'processing.completed', jobId)).to.equal(1);
    const completed = await eventOfJob(app, 'processing.completed', jobId);
    const frames = (completed.data as { result: { frames: Frame[] } }).result.frames;
    const expected = frames.flatMap((frame) => [frame.s3_key, ...frame.renditions.map((rendition) => rendition.s3_key)]);
    expect(expected.every((key) => key.includes(`/job-${jobId}-`))).to.equal(true);
    expect(await app.store.list(`episodes/${episodeId}/thumbnails/`)).to.have.members(expected);
  });
});
