import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createLogger, waitFor } from '@episodic/core';
import { applyTopology, assertValidEvent, createAwsClients, createBatchPublisher, createEvent, createPublisher, SYSTEM_ACTOR, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { testEnvironment } from '@episodic/testing';
import { AccessBuffer } from '../src/access/access-buffer.ts';
import { InstanceAnnouncer } from '../src/access/announcements.ts';
import { startGateway } from './gateway-fixture.ts';

const logger = createLogger({ name: 'gateway-test', level: 'silent' });
const PREFIX = 'arn:aws:sns:us-east-1:000000000000:';

function accessEvent(correlationId: string): CloudEvent {
  return createEvent({
    source: 'episodic/gateway',
    type: 'access.recorded',
    subject: 'episodes/1',
    data: { action: 'view', resource_type: 'episode', resource_id: 1, method: 'GET', path: '/api/v1/episodes/1', status: 200, outcome: 'success' },
    actor: SYSTEM_ACTOR,
    correlationId,
  });
}

describe('gateway: the access buffer while SNS is unreachable', () => {
  let aws: AwsClients;

  before(async () => {
    const { emulator } = await testEnvironment();
    aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
  });

  /** A topic name nothing has created yet: publishing to it fails like an SNS outage. */
  function missingTopic(): string {
    return `access-outage-${randomUUID().slice(0, 8)}`;
  }

  async function subscribeQueue(topic: string): Promise<string> {
    const queue = `${topic}-queue`;
    const applied = await applyTopology({ topics: [topic], queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic, types: ['access.recorded'] }] }], buckets: [] }, aws);
    return applied.queueUrls[queue]!;
  }

  it('When publishing fails, then events stay queued and are delivered with backoff once SNS answers again', async () => {
    const topic = missingTopic();
    const queueUrl = await subscribeQueue(topic);
    // Real SNS calls throughout: during the outage they go to a topic that does not exist.
    let outage = true;
    const publish = createPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger });
    const buffer = new AccessBuffer({ publish: (name, event) => publish(outage ? missingTopic() : name, event), topic, logger, capacity: 10, backoffMs: 20, maxBackoffMs: 100 });
    buffer.add(accessEvent('outage-1'));
    await waitFor(() => buffer.failedAttempts >= 1, { what: 'a failed publish' });
    expect(buffer.pending).to.equal(1);
    outage = false;
    const body = await waitFor(async () => {
      const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
      return Messages[0]?.Body;
    }, { timeoutMs: 10_000, what: 'the retried event' });
    expect((JSON.parse(body) as CloudEvent).correlationid).to.equal('outage-1');
    await waitFor(() => buffer.pending === 0, { what: 'an empty buffer' });
    expect(await buffer.flush(100)).to.equal(0);
  });

  it('When the buffer is full, then new events are dropped and counted, and flush reports what is left', async () => {
    const buffer = new AccessBuffer({ publish: createPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger }), topic: missingTopic(), logger, capacity: 2, backoffMs: 1_000 });
    for (const id of ['a', 'b', 'c']) buffer.add(accessEvent(id));
    expect(buffer.dropped).to.equal(1);
    expect(await buffer.flush(50)).to.equal(2);
  });

  it('When SNS fails in acknowledged mode, then a read answers 503 within the bound and a write still answers', async () => {
    const gateway = await startGateway({ services: ['catalog'], env: { GATEWAY_TOPIC: missingTopic(), GATEWAY_ACCESS_ACK_TIMEOUT_MS: '300' } });
    try {
      const started = Date.now();
      const read = await gateway.call('/api/v1/episodes/1', { as: 'viewer' });
      expect(read.status).to.equal(503);
      expect(read.headers.get('content-type')).to.contain('application/problem+json');
      expect(Date.now() - started).to.be.lessThan(2000);
      const write = await gateway.call('/api/v1/episodes', { method: 'POST', as: 'editor', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(write.status).to.equal(201);
      expect(gateway.gateway.access.pending, 'the start announcement and the write\'s record wait in the retry queue').to.equal(2);
    } finally {
      await gateway.close();
    }
  });

  it('When SNS fails in best-effort mode, then the gateway still answers reads at once', async () => {
    const gateway = await startGateway({ services: ['catalog'], env: { GATEWAY_TOPIC: missingTopic(), AUDIT_ACCESS_MODE: 'best-effort' } });
    try {
      const response = await gateway.call('/api/v1/episodes', { as: 'viewer' });
      expect(response.status).to.equal(200);
      await waitFor(() => gateway.gateway.access.failedAttempts >= 1, { what: 'a failed publish' });
      expect(gateway.gateway.access.pending, 'the start announcement and the read\'s record').to.equal(2);
      expect((await gateway.call('/api/v1/episodes/1', { as: 'viewer' })).status).to.equal(200);
    } finally {
      await gateway.close();
    }
  });
});

describe('gateway: access records in SNS batches', () => {
  it('When a batch is refused, then the whole batch is retried and every event arrives through PublishBatch', async () => {
    const { emulator } = await testEnvironment();
    const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    const topic = `batch-${randomUUID().slice(0, 8)}`;
    const queue = `${topic}-q`;
    const { queueUrls } = await applyTopology({ topics: [topic], queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic, types: ['access.recorded'] }] }], buckets: [] }, aws);
    const real = createBatchPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger });
    let refusals = 1;
    const calls: number[] = [];
    const buffer = new AccessBuffer({
      publish: () => Promise.reject(new Error('single publish must not be used')),
      publishBatch: async (name, events) => {
        calls.push(events.length);
        if (refusals-- > 0) throw new Error('SNS refused the batch');
        await real(name, events);
      },
      topic, logger, capacity: 100, backoffMs: 10,
    });
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const id of ids) buffer.add(accessEvent(id));
    const received = new Set<string>();
    await waitFor(async () => {
      const { Messages } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrls[queue], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const message of Messages ?? []) received.add(JSON.parse(message.Body!).correlationid);
      return received.size === ids.length;
    }, { what: 'all 12 access events' });
    const [refused, ...retried] = calls;
    expect(retried.reduce((sum, n) => sum + n, 0), 'every event sent once after the refusal').to.equal(ids.length);
    expect(calls.every((n) => n >= 1 && n <= 10)).to.equal(true);
    expect(buffer.failedAttempts).to.equal(refused);
  });
});

describe('gateway: best-effort losses are announced', () => {
  it('When a full buffer drops records, then the stop announcement carries their count and window and matches its contract', async () => {
    const { emulator } = await testEnvironment();
    const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    let drops = 0;
    const buffer = new AccessBuffer({ publish: createPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger }), topic: `nowhere-${randomUUID().slice(0, 8)}`, logger, capacity: 1, backoffMs: 1_000, onDrop: () => (drops += 1) });
    const announcer = new InstanceAnnouncer({ mode: 'best-effort' });
    assertValidEvent(announcer.started());
    for (const id of ['a', 'b', 'c']) buffer.add(accessEvent(id));
    const unpublished = await buffer.flush(20);
    const stop = announcer.stopped(buffer.losses, unpublished);
    assertValidEvent(stop);
    expect(drops).to.equal(2);
    expect(stop.data).to.include({ instance: announcer.instance, dropped: 2, unpublished: 1, access_mode: 'best-effort' });
    const data = stop.data as { first_lost_at: string; last_lost_at: string };
    expect(Date.parse(data.first_lost_at)).to.be.at.most(Date.parse(data.last_lost_at));
  });
});
