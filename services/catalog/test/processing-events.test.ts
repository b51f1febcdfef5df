import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { waitFor } from '@episodic/core';
import { createEvent, type CloudEvent } from '@episodic/messaging';
import { newEpisode, startCatalog, type CatalogUnderTest } from './catalog-under-test.ts';

const actor = { user_id: 'editor-user', roles: ['editor'], ip: '203.0.113.9', user_agent: 'catalog-test' };
const STARTED_AT = '2026-01-06T11:00:01.000Z';
const COMPLETED_AT = '2026-01-06T11:01:14.400Z';
const TECHNICAL = {
  duration_seconds: 2841.6, width: 1920, height: 1080, video_codec: 'h264', audio_codec: 'aac',
  bit_rate: 2_068_000, frame_rate: 25, format: 'mov,mp4,m4a,3gp,3g2,mj2', size_bytes: 734_003_200,
};

type JobType = 'thumbnail_generation' | 'metadata_extraction';

describe('catalog/processing events: catalog follows processing', () => {
  let catalog: CatalogUnderTest;
  let episodeNumber = 0;
  let jobId = 1000;

  before(async () => (catalog = await startCatalog({ processing: true })));
  after(() => catalog.stop());

  const feed = () => catalog.processing!;

  async function anEpisode(overrides: Record<string, unknown> = {}): Promise<{ id: number }> {
    episodeNumber += 1;
    const created = await catalog.call('POST', '/api/v1/episodes', { body: newEpisode({ show_name: 'Processed Show', episode_number: episodeNumber, ...overrides }) });
    expect(created.status).to.equal(201);
    return created.body;
  }

  const episodeOf = async (id: number) => (await catalog.call('GET', `/api/v1/episodes/${id}`, { role: 'viewer' })).body;

  function processingEvent(type: string, episodeId: number, data: unknown): CloudEvent {
    return createEvent({ source: 'episodic/processing', type, subject: `episodes/${episodeId}`, data, actor, correlationId: randomUUID() }) as CloudEvent;
  }

  /** The events of one job, as processing publishes them. */
  function aJob(episodeId: number, jobType: JobType = 'metadata_extraction') {
    jobId += 1;
    const job = {
      id: jobId, episode_id: episodeId, job_type: jobType, status: 'pending', sqs_message_id: null, job_config: {}, error_message: null,
      retry_count: 0, max_retries: 3, created_at: '2026-01-06T11:00:00.000Z', started_at: null, completed_at: null,
    };
    const video = { s3_bucket: 'episodic-media', s3_key: `episodes/${episodeId}/video/raw.mp4` };
    const started = { ...job, status: 'processing', started_at: STARTED_AT };
    return {
      id: jobId,
      requested: () => processingEvent('processing.requested', episodeId, { job, video }),
      started: () => processingEvent('processing.started', episodeId, { job: started }),
      completed: (result: Record<string, unknown> = {}, completedAt = COMPLETED_AT) =>
        processingEvent('processing.completed', episodeId, { job: { ...started, status: 'completed', completed_at: completedAt }, result }),
      failed: (status: 'failed' | 'cancelled' = 'failed') =>
        processingEvent('processing.failed', episodeId, { job: { ...started, status, completed_at: COMPLETED_AT, error_message: 'video-unreadable: moov atom not found' } }),
    };
  }

  /** Waits until catalog's consumer has applied (or acknowledged and ignored) the event: its id is in the inbox. */
  async function handled(event: CloudEvent): Promise<void> {
    await waitFor(async () => (await inboxRows(event.id)) > 0, { timeoutMs: 10_000, what: `${event.type} ${event.id} in the inbox` });
  }

  const inboxRows = async (eventId: string) => count('inbox WHERE event_id = :eventId', { eventId });

  /** The types of the events catalog put in its outbox under a correlation id, in order. */
  async function emitted(correlationId: string): Promise<string[]> {
    const rows = await catalog.sequelize.query<{ type: string }>(
      "SELECT event_type AS type FROM outbox WHERE event->>'correlationid' = :correlationId ORDER BY seq",
      { replacements: { correlationId }, type: QueryTypes.SELECT },
    );
    return rows.map((row) => row.type);
  }

  async function count(fromWhere: string, replacements: Record<string, unknown>): Promise<number> {
    const [row] = await catalog.sequelize.query<{ count: string }>(`SELECT count(*) AS count FROM ${fromWhere}`, { replacements, type: QueryTypes.SELECT });
    return Number(row!.count);
  }

  async function queueMessages(queueUrl: string): Promise<number> {
    const { Attributes = {} } = await catalog.aws.sqs.send(new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  }

  /** Publishes events one after another, each applied before the next goes out. */
  async function applyInOrder(...events: CloudEvent[]): Promise<void> {
    for (const event of events) {
      await feed().publish(event);
      await handled(event);
    }
  }

  it('When a video is uploaded, then the episode records its raw key and episode.updated carries the upload\'s actor and correlation id', async () => {
    const episode = await anEpisode();
    const uploaded = processingEvent('video.uploaded', episode.id, {
      episode_id: episode.id, s3_bucket: 'episodic-media', s3_key: `episodes/${episode.id}/video/a1b2.mp4`, content_type: 'video/mp4', size_bytes: 1_048_576,
    });
    const before = await episodeOf(episode.id);

    await feed().publish(uploaded);

    const event = await catalog.events.eventOf('episode.updated', `episodes/${episode.id}`, uploaded.correlationid);
    expect(event.actor).to.deep.equal(actor);
    expect(event.data).to.deep.include({ before, changed: ['raw_video_s3_key'] });
    const after = await episodeOf(episode.id);
    expect(after.raw_video_s3_key).to.equal(`episodes/${episode.id}/video/a1b2.mp4`);
    expect((event.data as { after: unknown }).after).to.deep.equal(after);
  });

  it('When a job is requested, started and completes, then processing_status goes pending, processing, complete with one episode.updated each', async () => {
    const episode = await anEpisode();
    const job = aJob(episode.id, 'thumbnail_generation');
    const expected = [['processing.requested', 'pending'], ['processing.started', 'processing'], ['processing.completed', 'complete']];
    for (const [index, event] of [job.requested(), job.started(), job.completed()].entries()) {
      await feed().publish(event);
      const updated = await catalog.events.eventOf('episode.updated', `episodes/${episode.id}`, event.correlationid);
      expect(updated.data, event.type).to.deep.include({ changed: ['processing_status'] });
      expect((updated.data as any).after.processing_status, event.type).to.equal(expected[index]![1]);
      expect((await episodeOf(episode.id)).processing_status).to.equal(expected[index]![1]);
    }
  });

  it('When a metadata_extraction job completes, then its findings are stored (metadata.stored) and an empty duration_minutes is filled in the same episode.updated', async () => {
    const episode = await anEpisode({ duration_minutes: null });
    const job = aJob(episode.id);
    await applyInOrder(job.requested(), job.started());
    const completed = job.completed({ technical: TECHNICAL, scene_changes: [94.2, 1503] });

    await feed().publish(completed);

    const stored = await catalog.events.eventOf('metadata.stored', `episodes/${episode.id}`, completed.correlationid);
    const metadata = (await catalog.call('GET', `/api/v1/episodes/${episode.id}/metadata`, { role: 'viewer' })).body;
    expect(stored.data).to.deep.equal({ metadata });
    expect(metadata).to.deep.include({
      technical_metadata: TECHNICAL,
      scenes_detected: [{ start_seconds: 0, end_seconds: 94.2 }, { start_seconds: 94.2, end_seconds: 1503 }, { start_seconds: 1503, end_seconds: 2841.6 }],
      extraction_timestamp: COMPLETED_AT,
      processing_duration_seconds: 73,
      tags: null,
    });
    const updated = await catalog.events.eventOf('episode.updated', `episodes/${episode.id}`, completed.correlationid);
    expect((updated.data as any).changed).to.have.members(['processing_status', 'duration_minutes']);
    expect(await episodeOf(episode.id)).to.include({ processing_status: 'complete', duration_minutes: 47 });
    expect(await emitted(completed.correlationid)).to.have.members(['metadata.stored', 'episode.updated']);
  });

  it('When an episode has a duration and metadata already, then extraction keeps the duration and updates the metadata (metadata.updated), keeping other fields', async () => {
    const episode = await anEpisode({ duration_minutes: 52 });
    const put = await catalog.call('POST', `/api/v1/episodes/${episode.id}/metadata`, { role: 'system', body: { tags: ['storm'] } });
    expect(put.status).to.equal(201);
    const job = aJob(episode.id);
    await applyInOrder(job.requested(), job.started());
    const completed = job.completed({ technical: { ...TECHNICAL, duration_seconds: 600 }, scene_changes: [] });

    await feed().publish(completed);

    const updated = await catalog.events.eventOf('metadata.updated', `episodes/${episode.id}`, completed.correlationid);
    expect((updated.data as any).before).to.deep.equal(put.body);
    expect((updated.data as any).after).to.deep.include({ tags: ['storm'], scenes_detected: [{ start_seconds: 0, end_seconds: 600 }], processing_duration_seconds: 73 });
    const changes = await catalog.events.eventOf('episode.updated', `episodes/${episode.id}`, completed.correlationid);
    expect((changes.data as any).changed).to.deep.equal(['processing_status']);
    expect(await episodeOf(episode.id)).to.include({ processing_status: 'complete', duration_minutes: 52 });
  });

  it('When a job fails for good, then the episode is failed; when one is cancelled, then nothing changes and nothing is emitted', async () => {
    const episode = await anEpisode();
    const failing = aJob(episode.id);
    await applyInOrder(failing.requested(), failing.started(), failing.failed());
    expect((await episodeOf(episode.id)).processing_status).to.equal('failed');

    const cancelled = aJob(episode.id);
    const requested = cancelled.requested();
    await applyInOrder(requested);
    expect((await episodeOf(episode.id)).processing_status).to.equal('pending');
    const cancel = cancelled.failed('cancelled');
    await applyInOrder(cancel);
    expect((await episodeOf(episode.id)).processing_status).to.equal('pending');
    expect(await emitted(cancel.correlationid)).to.deep.equal([]);
  });

  it('When an event is delivered twice, then it is applied once: one inbox row, one episode.updated, one metadata.stored', async () => {
    const episode = await anEpisode();
    const job = aJob(episode.id);
    const completed = job.completed({ technical: TECHNICAL, scene_changes: [10] });

    await feed().deliver(completed);
    await feed().deliver(completed);

    await handled(completed);
    await waitFor(async () => (await queueMessages(feed().queueUrl)) === 0, { timeoutMs: 10_000, what: 'both deliveries to be acknowledged' });
    expect(await inboxRows(completed.id)).to.equal(1);
    expect(await emitted(completed.correlationid)).to.have.members(['metadata.stored', 'episode.updated']);
    expect(await queueMessages(feed().dlqUrl)).to.equal(0);
  });

  it('When a late processing.started arrives after its job completed, then the episode stays complete and nothing is emitted', async () => {
    const episode = await anEpisode();
    const job = aJob(episode.id, 'thumbnail_generation');
    await applyInOrder(job.requested(), job.completed());
    expect((await episodeOf(episode.id)).processing_status).to.equal('complete');
    const late = job.started();

    await applyInOrder(late);

    expect((await episodeOf(episode.id)).processing_status).to.equal('complete');
    expect(await emitted(late.correlationid)).to.deep.equal([]);
  });

  it('When two jobs overlap, then one completing leaves the episode processing until the other completes', async () => {
    const episode = await anEpisode();
    const thumbnails = aJob(episode.id, 'thumbnail_generation');
    const extraction = aJob(episode.id);
    await applyInOrder(thumbnails.started(), extraction.started(), thumbnails.completed());
    expect((await episodeOf(episode.id)).processing_status).to.equal('processing');

    await applyInOrder(extraction.completed({ technical: TECHNICAL }, '2026-01-06T11:02:00.000Z'));

    expect((await episodeOf(episode.id)).processing_status).to.equal('complete');
  });

  it('When video.uploaded names a key outside episodes/<id>/video/, or another episode in its subject, then it is dead-lettered and nothing changes', async () => {
    const episode = await anEpisode();
    const other = await anEpisode();
    const upload = (key: string) => ({ episode_id: episode.id, s3_bucket: 'episodic-media', s3_key: key, content_type: 'video/mp4', size_bytes: 1_048_576 });
    const outOfBounds = [
      processingEvent('video.uploaded', episode.id, upload(`episodes/${other.id}/video/theirs.mp4`)),
      processingEvent('video.uploaded', episode.id, upload(`episodes/${episode.id}/video/../../${other.id}/video/x.mp4`)),
      processingEvent('video.uploaded', episode.id, upload(`episodes/${episode.id}/thumbnails/x.mp4`)),
      { ...processingEvent('video.uploaded', episode.id, upload(`episodes/${episode.id}/video/ok.mp4`)), subject: `episodes/${other.id}/video` },
    ];
    const dlqBefore = await queueMessages(feed().dlqUrl);
    for (const event of outOfBounds) await feed().publish(event);

    await waitFor(async () => (await queueMessages(feed().dlqUrl)) === dlqBefore + outOfBounds.length, { timeoutMs: 15_000, what: 'the out-of-bounds events in the DLQ' });
    expect((await episodeOf(episode.id)).raw_video_s3_key).to.equal(null);
    for (const event of outOfBounds) expect(await inboxRows(event.id), 'not applied').to.equal(0);
  });

  it('When an event is about a deleted or unknown episode, then it is acknowledged and ignored', async () => {
    const episode = await anEpisode();
    expect((await catalog.call('DELETE', `/api/v1/episodes/${episode.id}`, { role: 'admin' })).status).to.equal(204);
    const orphans = [aJob(episode.id).completed({ technical: TECHNICAL }), aJob(999_999).started()];
    const dlqBefore = await queueMessages(feed().dlqUrl);

    await applyInOrder(...orphans);

    for (const event of orphans) expect(await emitted(event.correlationid), event.type).to.deep.equal([]);
    expect(await count('metadata_storage WHERE episode_id = :id', { id: episode.id })).to.equal(0);
    await waitFor(async () => (await queueMessages(feed().queueUrl)) === 0, { timeoutMs: 10_000, what: 'the orphan events to be acknowledged' });
    expect(await queueMessages(feed().dlqUrl)).to.equal(dlqBefore);
  });
});
