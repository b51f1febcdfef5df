import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { AppError } from '@episodic/core';
import { videoTools } from '@episodic/video';
import { generateFrames } from '../src/worker/thumbnail-job.ts';
import { videoSource } from '../src/worker/video-source.ts';
import { testVideos, type TestVideos } from './processing-state.ts';
import { startProcessing, type ProcessingUnderTest } from './processing-under-test.ts';

type Job = Parameters<typeof generateFrames>[1];

describe('processing/worker: reading the video by presigned URL, and frame counts', function () {
  this.timeout(60_000);
  let app: ProcessingUnderTest;
  let videos: TestVideos;
  const tools = videoTools();

  before(async () => {
    [app, videos] = await Promise.all([startProcessing({ startWorker: false }), testVideos()]);
    await app.store.put('reads/episode.mp4', videos.video, 'video/mp4');
    await app.store.put('reads/truncated.mp4', videos.truncated, 'video/mp4');
  });
  after(() => app?.stop());

  const job = (config: Record<string, unknown>): Job => ({
    id: Math.floor(Math.random() * 1e6) + 1, episode_id: 1, job_type: 'thumbnail_generation', status: 'processing', sqs_message_id: null,
    job_config: { widths: [160], ...config }, error_message: null, retry_count: 0, max_retries: 3, created_at: new Date().toISOString(), started_at: null, completed_at: null,
  });
  const frames = async (key: string, config: Record<string, unknown>) => {
    const source = await videoSource(app.store, key, { urlExpiresSeconds: 60, minRemainingMs: 10_000 });
    const context = { tools, store: app.store, defaultWidths: [160], concurrency: 2, signal: new AbortController().signal };
    return (await generateFrames(context, job(config), source)).frames.map((frame) => frame.position_seconds);
  };

  it('When ffmpeg reads the video by its presigned URL, then probe and frames work with no copy of the video on disk', async () => {
    const source = await videoSource(app.store, 'reads/episode.mp4', { urlExpiresSeconds: 60, minRemainingMs: 10_000 });
    const url = await source();

    const facts = await tools.probe(url);
    const frame = await tools.frameAt(url, 5);

    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Signature=/);
    expect(facts).to.include({ width: 640, height: 360 });
    expect(Math.round(facts.duration_seconds)).to.equal(30);
    expect(frame).to.include({ width: 640, height: 360, position_seconds: 5 });
  });

  it('When the video behind the URL is truncated, then video-unreadable, and the message never shows the URL or its signature', async () => {
    const source = await videoSource(app.store, 'reads/truncated.mp4', { urlExpiresSeconds: 60, minRemainingMs: 10_000 });

    const error = await tools.probe(await source()).catch((caught: unknown) => caught);

    expect(error).to.be.instanceOf(AppError).and.include({ code: 'video-unreadable', status: 422 });
    expect((error as AppError).message).to.not.match(/X-Amz|http:|reads\/truncated/);
  });

  it('When the object is missing, then the source is a 404 before any tool runs', async () => {
    const error = await videoSource(app.store, `reads/${randomUUID()}.mp4`, { urlExpiresSeconds: 60, minRemainingMs: 10_000 }).catch((caught: unknown) => caught);

    expect(error).to.be.instanceOf(AppError).and.include({ status: 404 });
  });

  it('When a URL has less life left than one tool run, then the next one asked for is new; until then the same one serves', async () => {
    let clock = Date.parse('2026-12-02T03:00:00Z');
    let signed = 0;
    const store = { ...app.store, readUrl: (key: string, seconds: number) => ((signed += 1), app.store.readUrl(key, seconds)) };
    const source = await videoSource(store, 'reads/episode.mp4', { urlExpiresSeconds: 60, minRemainingMs: 20_000, now: () => clock });

    const first = await source();
    clock += 30_000;
    await source();
    const signedBefore = signed;
    clock += 15_000;
    await source();

    expect(new URL(first).searchParams.get('X-Amz-Expires')).to.equal('60');
    expect(signedBefore).to.equal(1);
    expect(signed).to.equal(2);
  });

  it('When four positions fall in the black stretch (20–23 s), then four distinct usable frames come back, each at the nearest free second', async () => {
    const positions = await frames('reads/episode.mp4', { positions: [20, 21, 22, 23] });

    expect(positions).to.deep.equal([24, 25, 26, 27]);
  });

  it('When count 4 is asked on a video with a black stretch, then 4 distinct frames come back, none of them black', async () => {
    const positions = await frames('reads/episode.mp4', { count: 4 });

    expect(new Set(positions).size).to.equal(4);
    expect(positions.filter((second) => second >= 20 && second < 24)).to.deep.equal([]);
  });
});
