import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import type { Thumbnail } from '@episodic/contracts';
import { waitFor } from '@episodic/core';
import type { CloudEvent } from '@episodic/messaging';
import type { JobFrame } from '../src/domain/job-frames.ts';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { countRows, objectsOf, queueDrained, thumbnailRowsOf } from './media-state.ts';
import { bestOf, completedEvent, storeFrames } from './job-results.ts';
import { uploaded } from './upload-forms.ts';

describe('media: when a thumbnail_generation job completes', () => {
  let app: MediaUnderTest;
  let jobs = 0;
  before(async () => {
    app = await startMedia();
  });
  after(() => app.stop());

  const nextJob = () => (jobs += 1);
  const messagesIn = async (queueUrl: string) => {
    const { Attributes = {} } = await app.aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };
  const send = (event: CloudEvent) => app.aws.sqs.send(new SendMessageCommand({ QueueUrl: app.queueUrl, MessageBody: JSON.stringify(event) }));
  const applied = (event: CloudEvent) =>
    waitFor(async () => (await countRows(app, 'inbox WHERE event_id = :id', { id: event.id })) === 1, { timeoutMs: 10_000, what: `event ${event.id} to be applied` });
  const list = async (episodeId: number): Promise<Thumbnail[]> => {
    const reply = await app.call('GET', `/api/v1/episodes/${episodeId}/thumbnails`, { role: 'viewer' });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body.items;
  };
  const createdEvents = (episodeId: number) =>
    countRows(app, "outbox WHERE event_type = 'thumbnail.created' AND event->>'subject' LIKE :prefix", { prefix: `episodes/${episodeId}/thumbnails/%` });
  /** The thumbnail a frame became, found by its key. */
  const rowOf = (thumbnails: Thumbnail[], frame: JobFrame) => thumbnails.find((thumbnail) => thumbnail.s3_key === frame.s3_key);

  it('When its frames arrive, then each becomes a thumbnail with its position, rating and renditions, the best is primary and the old primary is demoted', async () => {
    const episodeId = await app.createEpisode();
    const cover = await uploaded(app, episodeId, { thumbnail_type: 'primary' });
    const jobId = nextJob();
    const frames = await storeFrames(app, episodeId, jobId, { 0: 'flat', 30: 'sharp', 60: 'blurred' });
    expect(bestOf(frames).position_seconds, 'the sharp picture rates best').to.equal(30);
    const event = completedEvent(episodeId, jobId, frames);
    await send(event);
    await applied(event);

    const thumbnails = await list(episodeId);
    expect(thumbnails).to.have.length(4);
    expect(thumbnails[0]).to.include({ s3_key: bestOf(frames).s3_key, thumbnail_type: 'primary', position_seconds: 30 });
    expect(thumbnails.find((thumbnail) => thumbnail.id === cover.id)).to.include({ thumbnail_type: 'cover' });
    for (const frame of frames) {
      const thumbnail = rowOf(thumbnails, frame)!;
      expect(thumbnail.thumbnail_type).to.equal(frame === bestOf(frames) ? 'primary' : 'frame');
      expect(thumbnail).to.deep.include({
        episode_id: episodeId, s3_bucket: frame.s3_bucket, file_size_bytes: frame.file_size_bytes, mime_type: 'image/jpeg', format: 'jpeg',
        width_pixels: 160, height_pixels: 90, position_seconds: frame.position_seconds, quality_rating: frame.quality_rating, renditions: frame.renditions,
      });
      const created = await app.events.eventOf('thumbnail.created', `episodes/${episodeId}/thumbnails/${thumbnail.id}`, event.correlationid);
      expect(created.actor).to.deep.equal(event.actor);
      expect((created.data as { thumbnail: Thumbnail }).thumbnail).to.deep.equal(thumbnail);
      const demoted = (created.data as { demoted_primary: Thumbnail | null }).demoted_primary;
      if (thumbnail.thumbnail_type === 'primary') expect(demoted).to.deep.equal({ ...cover, thumbnail_type: 'cover' });
      else expect(demoted).to.equal(null);
    }
  });

  it('When the same event is delivered twice, then the frames are adopted once (one inbox row, one thumbnail.created each)', async () => {
    const episodeId = await app.createEpisode();
    const jobId = nextJob();
    const frames = await storeFrames(app, episodeId, jobId, { 5: 'sharp', 15: 'flat' });
    const event = completedEvent(episodeId, jobId, frames);
    await send(event);
    await send(event);
    await applied(event);
    await waitFor(() => queueDrained(app), { timeoutMs: 10_000, what: 'both deliveries to be handled' });

    expect((await thumbnailRowsOf(app, episodeId)).map((row) => row.thumbnail_type).sort()).to.deep.equal(['frame', 'primary']);
    expect(await countRows(app, 'inbox WHERE event_id = :id', { id: event.id })).to.equal(1);
    expect(await createdEvents(episodeId)).to.equal(frames.length);
  });

  it('When a second completed event (another id) brings the same frames, then nothing is added and the primary stays where it is', async () => {
    const episodeId = await app.createEpisode();
    const jobId = nextJob();
    const frames = await storeFrames(app, episodeId, jobId, { 10: 'blurred', 20: 'sharp' });
    const first = completedEvent(episodeId, jobId, frames);
    await send(first);
    await applied(first);
    const upload = await uploaded(app, episodeId, { thumbnail_type: 'primary' });
    const before = await thumbnailRowsOf(app, episodeId);

    const second = completedEvent(episodeId, jobId, frames);
    await send(second);
    await applied(second);

    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal(before);
    expect(before.find((row) => row.id === upload.id)).to.include({ thumbnail_type: 'primary' });
    expect(await createdEvents(episodeId)).to.equal(frames.length + 1);
  });

  it('When media has not heard of the episode yet, then the frames are adopted and the episode is remembered live', async () => {
    const episodeId = 900_000 + nextJob();
    const frames = await storeFrames(app, episodeId, jobs, { 0: 'sharp' });
    const event = completedEvent(episodeId, jobs, frames);
    await send(event);
    await applied(event);

    expect(await thumbnailRowsOf(app, episodeId)).to.have.length(1).and.to.have.nested.property('[0].thumbnail_type', 'primary');
    expect(await app.media.deps.known.statusOf(episodeId)).to.equal('live');
  });

  it('When the episode was deleted, then no thumbnail is added and the frames\' objects are swept from S3', async () => {
    const episodeId = await app.createEpisode();
    const deleted = await app.call('DELETE', `/api/v1/episodes/${episodeId}`, { role: 'admin', service: 'catalog' });
    expect(deleted.status).to.equal(204);
    await waitFor(async () => (await app.media.deps.known.statusOf(episodeId)) === 'deleted', { timeoutMs: 10_000, what: 'media to see the tombstone' });
    const jobId = nextJob();
    const frames = await storeFrames(app, episodeId, jobId, { 0: 'flat', 30: 'sharp' });
    expect(await objectsOf(app, episodeId)).to.have.length(6);

    const event = completedEvent(episodeId, jobId, frames);
    await send(event);
    await applied(event);

    await waitFor(async () => (await objectsOf(app, episodeId)).length === 0, { timeoutMs: 10_000, what: "the frames' objects to leave S3" });
    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
    expect(await createdEvents(episodeId)).to.equal(0);
  });

  it('When a completed job names frames outside its episode\'s thumbnails/ or media\'s bucket, then the event is dead-lettered and nothing is adopted', async () => {
    const episodeId = await app.createEpisode();
    const otherEpisode = await app.createEpisode();
    const theirs = await storeFrames(app, otherEpisode, nextJob(), { 0: 'sharp' });
    const ours = await storeFrames(app, episodeId, nextJob(), { 0: 'sharp' });
    const refused = [
      completedEvent(episodeId, nextJob(), theirs),
      completedEvent(episodeId, nextJob(), [{ ...ours[0]!, s3_bucket: 'someone-elses-bucket' }]),
      completedEvent(episodeId, nextJob(), [{ ...ours[0]!, s3_key: `episodes/${episodeId}/thumbnails/../../${otherEpisode}/thumbnails/x.jpg` }]),
      { ...completedEvent(episodeId, nextJob(), ours), subject: `episodes/${otherEpisode}/jobs/1` },
    ];
    const dlqBefore = await messagesIn(app.dlqUrl);
    for (const event of refused) await send(event);

    await waitFor(async () => (await messagesIn(app.dlqUrl)) === dlqBefore + refused.length, { timeoutMs: 15_000, what: 'the refused events in the DLQ' });
    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
    expect(await thumbnailRowsOf(app, otherEpisode)).to.deep.equal([]);
    for (const event of refused) expect(await countRows(app, 'inbox WHERE event_id = :id', { id: event.id })).to.equal(0);
  });

  it('When a deletion row names another bucket than media\'s, then the sweeper drops it without deleting the same key in media\'s bucket', async () => {
    const episodeId = await app.createEpisode();
    const [frame] = await storeFrames(app, episodeId, nextJob(), { 0: 'sharp' });
    await app.sweeper.stop();
    await app.sequelize.query("INSERT INTO object_deletions (s3_key, s3_bucket, due_at) VALUES (:key, 'someone-elses-bucket', now())", { replacements: { key: frame!.s3_key } });
    await app.sweeper.sweepOnce();
    expect(await objectsOf(app, episodeId)).to.include(frame!.s3_key);
    expect(await countRows(app, 'object_deletions WHERE s3_key = :key', { key: frame!.s3_key })).to.equal(0);
    app.sweeper.start();
  });

  it('When a metadata_extraction job completes (even one listing frames), then media acknowledges it and adopts nothing', async () => {
    const episodeId = await app.createEpisode();
    const jobId = nextJob();
    const frames = await storeFrames(app, episodeId, jobId, { 0: 'sharp' });
    const event = completedEvent(episodeId, jobId, frames, 'metadata_extraction');
    await send(event);
    await waitFor(() => queueDrained(app), { timeoutMs: 10_000, what: 'the event to be acknowledged' });

    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
    expect(await countRows(app, 'inbox WHERE event_id = :id', { id: event.id })).to.equal(0);
    expect(await objectsOf(app, episodeId)).to.have.length(3);
  });
});
