import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';
import { garbageVideo, generateTestVideo } from '@episodic/testing';
import type { RunningSystem } from '../../infra/local/system.ts';
import { uploadVideoFile } from '../../infra/local/video-uploader.ts';
import { bootSystem, call, roleTokens, type Role } from './system.ts';

describe('e2e: video and processing jobs through the gateway', function () {
  this.timeout(120_000);
  let system: RunningSystem;
  let folder: string;
  let video: Buffer;
  let tokens: Record<Role, string>;
  let episodeNumber = 0;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'episodic-e2e-video-'));
    await generateTestVideo(join(folder, 'episode.mp4'));
    video = await readFile(join(folder, 'episode.mp4'));
    system = await bootSystem();
    tokens = await roleTokens(system);
  });
  after(async () => {
    await system?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const createEpisode = async (): Promise<number> => {
    const reply = await call(system, 'POST', '/api/v1/episodes', tokens.admin, { show_name: 'E2E Video', season_number: 1, episode_number: ++episodeNumber, episode_title: `Reel ${episodeNumber}` });
    expect(reply.status).to.equal(201);
    return reply.body.id;
  };

  /** The README's flow: ask for an upload URL, PUT the file to it, wait until the episode names the key. */
  const uploadVideo = async (episodeId: number, bytes: Buffer) => {
    const ticket = await call(system, 'POST', `/api/v1/episodes/${episodeId}/video`, tokens.editor, { content_type: 'video/mp4', size_bytes: bytes.length });
    expect(ticket.status, JSON.stringify(ticket.body)).to.equal(201);
    const put = await fetch(ticket.body.upload_url, { method: 'PUT', headers: ticket.body.headers, body: new Uint8Array(bytes) });
    expect(put.status).to.equal(200);
    await waitFor(async () => (await call(system, 'GET', `/api/v1/episodes/${episodeId}`, tokens.viewer)).body.raw_video_s3_key === ticket.body.s3_key || undefined,
      { timeoutMs: 15_000, what: 'the episode to name its raw video' });
    return ticket.body.s3_key as string;
  };

  const requestJob = (episodeId: number, body: unknown, role: Role = 'editor', requestId = randomUUID()) =>
    call(system, 'POST', `/api/v1/episodes/${episodeId}/process`, tokens[role], body, { 'x-request-id': requestId });

  const finished = (jobId: number) =>
    waitFor(async () => {
      const job = (await call(system, 'GET', `/api/v1/processing-queue/${jobId}`, tokens.editor)).body;
      return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
    }, { timeoutMs: 60_000, what: `job ${jobId} to finish` });

  it('When a thumbnail_generation job runs for an uploaded video, then its frames become thumbnails (the best primary) and the episode is complete', async () => {
    const episodeId = await createEpisode();
    await uploadVideo(episodeId, video);
    const requestId = randomUUID();
    const accepted = await requestJob(episodeId, { job_type: 'thumbnail_generation', config: { positions: [3, 10, 21, 27] } }, 'editor', requestId);
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    expect(accepted.headers.get('location')).to.equal(`/api/v1/processing-queue/${accepted.body.id}`);
    expect(accepted.body).to.include({ status: 'pending', job_type: 'thumbnail_generation', episode_id: episodeId });

    const job = await finished(accepted.body.id);
    expect(job, job.error_message).to.include({ status: 'completed', retry_count: 0 });
    const thumbnails = await waitFor(async () => {
      const items = (await call(system, 'GET', `/api/v1/episodes/${episodeId}/thumbnails`, tokens.viewer)).body.items;
      return items?.length === 4 ? items : undefined;
    }, { timeoutMs: 10_000, what: 'the four frames as thumbnails' });
    expect(thumbnails[0].thumbnail_type).to.equal('primary');
    expect(thumbnails.filter((t: { thumbnail_type: string }) => t.thumbnail_type === 'primary')).to.have.length(1);
    const best = Math.max(...thumbnails.map((t: { quality_rating: number }) => t.quality_rating));
    expect(thumbnails[0].quality_rating).to.equal(best);
    const positions = thumbnails.map((t: { position_seconds: number }) => t.position_seconds).sort((a: number, b: number) => a - b);
    expect(positions).to.include.members([3, 10, 27]);
    const shifted = positions.find((p: number) => ![3, 10, 27].includes(p));
    expect(shifted === undefined || shifted < 20 || shifted >= 24, `black frame at ${shifted}`).to.equal(true);
    const content = await fetch(`${system.gatewayUrl}/api/v1/thumbnails/${thumbnails[0].id}/content`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(content.status).to.equal(200);
    expect(Number(content.headers.get('content-length'))).to.equal(thumbnails[0].file_size_bytes);

    const episode = (await call(system, 'GET', `/api/v1/episodes/${episodeId}`, tokens.viewer)).body;
    expect(episode.processing_status).to.equal('complete');
    const rows = await waitFor(async () => {
      const items = (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${requestId}&resource_type=processing_job`, tokens.admin)).body.items;
      return items?.length >= 3 ? items : undefined;
    }, { timeoutMs: 10_000, what: 'requested, started and completed in the audit log' });
    expect(rows.map((row: { action_type: string }) => row.action_type)).to.include('process');
  });

  it('When a metadata_extraction job runs, then the technical metadata and scene changes are stored and the empty duration is filled', async () => {
    const episodeId = await createEpisode();
    await uploadVideo(episodeId, video);
    const accepted = await requestJob(episodeId, { job_type: 'metadata_extraction' });
    expect(accepted.status).to.equal(202);
    const job = await finished(accepted.body.id);
    expect(job, job.error_message).to.include({ status: 'completed' });
    const metadata = await waitFor(async () => {
      const reply = await call(system, 'GET', `/api/v1/episodes/${episodeId}/metadata`, tokens.viewer);
      return reply.status === 200 ? reply.body : undefined;
    }, { timeoutMs: 10_000, what: 'the stored metadata' });
    expect(metadata.technical_metadata).to.include({ width: 640, height: 360, video_codec: 'h264' });
    expect(metadata.technical_metadata.duration_seconds).to.be.closeTo(30, 1);
    const starts = metadata.scenes_detected.map((scene: { start_seconds: number }) => scene.start_seconds);
    expect(starts.some((start: number) => Math.abs(start - 20) <= 1), JSON.stringify(starts)).to.equal(true);
    const episode = (await call(system, 'GET', `/api/v1/episodes/${episodeId}`, tokens.viewer)).body;
    expect(episode).to.include({ duration_minutes: 1, processing_status: 'complete' });
  });

  it('When a job is asked for twice, for an episode without video, or by a viewer, then 409, 422 and 403', async () => {
    const withoutVideo = await createEpisode();
    const noVideo = await requestJob(withoutVideo, { job_type: 'metadata_extraction' });
    expect(noVideo.status).to.equal(422);
    expect(noVideo.body.type).to.equal('urn:problem:episodic:no-video');
    expect((await requestJob(withoutVideo, { job_type: 'metadata_extraction' }, 'viewer')).status).to.equal(403);
    expect((await call(system, 'GET', '/api/v1/processing-queue', tokens.viewer)).status).to.equal(403);
    expect((await requestJob(withoutVideo, { job_type: 'transcode' })).status).to.equal(400);
    expect((await requestJob(withoutVideo, { job_type: 'thumbnail_generation', config: { positions: [1], count: 3 } })).status).to.equal(400);

    const episodeId = await createEpisode();
    await uploadVideo(episodeId, video);
    const first = await requestJob(episodeId, { job_type: 'thumbnail_generation', config: { count: 2 } });
    const second = await requestJob(episodeId, { job_type: 'thumbnail_generation', config: { count: 2 } });
    expect(first.status).to.equal(202);
    expect(second.status).to.equal(409);
    await finished(first.body.id);
    const listed = await call(system, 'GET', `/api/v1/processing-queue?episode_id=${episodeId}&job_type=thumbnail_generation`, tokens.editor);
    expect(listed.body.items.map((job: { id: number }) => job.id)).to.deep.equal([first.body.id]);
  });

  it('When the video is not a video, then the job fails with a clear error_message, the episode is failed and the message is in the DLQ', async () => {
    const episodeId = await createEpisode();
    await garbageVideo(join(folder, 'garbage.mp4'));
    await uploadVideo(episodeId, await readFile(join(folder, 'garbage.mp4')));
    const sqs = new SQSClient({ endpoint: system.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'processing-jobs-dlq' }));
    const depth = async () => Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.['ApproximateNumberOfMessages'] ?? 0);
    const before = await depth();
    const accepted = await requestJob(episodeId, { job_type: 'metadata_extraction' });
    const job = await finished(accepted.body.id);
    expect(job.status).to.equal('failed');
    expect(job.error_message).to.match(/^video-unreadable: /);
    await waitFor(async () => (await depth()) === before + 1 || undefined, { timeoutMs: 10_000, what: 'the job message in processing-jobs-dlq' });
    await waitFor(async () => (await call(system, 'GET', `/api/v1/episodes/${episodeId}`, tokens.viewer)).body.processing_status === 'failed' || undefined,
      { timeoutMs: 10_000, what: 'the episode to be failed' });
  });

  it('When a video goes up in parts through the gateway (npm run upload-video), then the episode names it, and a viewer may not look at the upload', async () => {
    const episodeId = await createEpisode();
    const file = join(folder, 'episode.mp4');

    const outcome = await uploadVideoFile({ apiUrl: system.gatewayUrl, token: tokens.editor, episodeId, file });

    expect(outcome).to.include({ status: 'completed', partsSent: 1, resumed: false });
    const upload = await call(system, 'GET', `/api/v1/episodes/${episodeId}/video/uploads/${outcome.uploadId}`, tokens.editor);
    expect(upload.body).to.include({ status: 'completed', size_bytes: video.length });
    await waitFor(async () => (await call(system, 'GET', `/api/v1/episodes/${episodeId}`, tokens.viewer)).body.raw_video_s3_key === upload.body.s3_key || undefined,
      { timeoutMs: 15_000, what: 'the episode to name its raw video' });
    expect((await call(system, 'GET', `/api/v1/episodes/${episodeId}/video/uploads/${outcome.uploadId}`, tokens.viewer)).status).to.equal(403);
  });
});
