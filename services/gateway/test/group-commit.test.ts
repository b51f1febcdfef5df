import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createLogger, waitFor } from '@episodic/core';
import { applyTopology, createAwsClients, createBatchPublisher, createEvent, SYSTEM_ACTOR, type AwsClients, type BatchPublisher, type CloudEvent } from '@episodic/messaging';
import { testEnvironment } from '@episodic/testing';
import { GroupCommit } from '../src/access/group-commit.ts';

const logger = createLogger({ name: 'group-commit-test', level: 'silent' });
const PREFIX = 'arn:aws:sns:us-east-1:000000000000:';

const accessEvent = (correlationId: string): CloudEvent => createEvent({
  source: 'episodic/gateway', type: 'access.recorded', subject: 'episodes/1',
  data: { action: 'view', resource_type: 'episode', resource_id: 1, method: 'GET', path: '/api/v1/episodes/1', status: 200, outcome: 'success' },
  actor: SYSTEM_ACTOR, correlationId,
});

describe('gateway: acknowledged access records (group commit)', () => {
  let aws: AwsClients;
  before(async () => {
    const { emulator } = await testEnvironment();
    aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
  });

  async function subscribedQueue(topic: string): Promise<string> {
    const queue = `${topic}-queue`;
    const applied = await applyTopology({ topics: [topic], queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic, types: ['access.recorded'] }] }], buckets: [] }, aws);
    return applied.queueUrls[queue]!;
  }

  async function received(queueUrl: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    await waitFor(async () => {
      const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      ids.push(...Messages.map((message) => (JSON.parse(message.Body!) as CloudEvent).correlationid));
      return ids.length >= count;
    }, { timeoutMs: 10_000, what: `${count} records` });
    return ids;
  }

  it('When 25 records arrive together, then each resolves after SNS accepted it, in 3 PublishBatch calls', async () => {
    const topic = `ack-${randomUUID().slice(0, 8)}`;
    const queueUrl = await subscribedQueue(topic);
    const real = createBatchPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger });
    const batches: number[] = [];
    const publishBatch: BatchPublisher = async (name, events) => {
      batches.push(events.length);
      await real(name, events);
    };
    const commit = new GroupCommit({ publishBatch, topic, logger, windowMs: 5, boundMs: 2000 });
    const ids = Array.from({ length: 25 }, (_, index) => `r-${index}`);
    await Promise.all(ids.map((id) => commit.record(accessEvent(id))));
    expect(batches.sort((a, b) => b - a)).to.deep.equal([10, 10, 5]);
    expect((await received(queueUrl, 25)).sort()).to.deep.equal([...ids].sort());
  });

  it('When SNS cannot accept, then record rejects with 503 within the bound; when SNS is back, then records flow again', async () => {
    const topic = `ack-down-${randomUUID().slice(0, 8)}`;
    const real = createBatchPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger, timeoutMs: 500 });
    const commit = new GroupCommit({ publishBatch: real, topic, logger, windowMs: 2, boundMs: 300 });
    const started = Date.now();
    const error = await commit.record(accessEvent('during-outage')).then(() => undefined, (e: { status?: number }) => e);
    expect(error?.status).to.equal(503);
    expect(Date.now() - started).to.be.lessThan(1500);
    const queueUrl = await subscribedQueue(topic);
    await commit.record(accessEvent('after-outage'));
    expect(await received(queueUrl, 1)).to.deep.equal(['after-outage']);
  });

  it('When records keep arriving while two PublishBatch calls are out, then they wait and leave together, none lost', async () => {
    const topic = `ack-busy-${randomUUID().slice(0, 8)}`;
    const queueUrl = await subscribedQueue(topic);
    const real = createBatchPublisher({ sns: aws.sns, topicArnPrefix: PREFIX, logger });
    const batches: number[] = [];
    // SNS answering in 30 ms: records arrive faster than calls return.
    const publishBatch: BatchPublisher = async (name, events) => {
      batches.push(events.length);
      await new Promise((resolve) => setTimeout(resolve, 30));
      await real(name, events);
    };
    const commit = new GroupCommit({ publishBatch, topic, logger, windowMs: 0, boundMs: 5000, maxInFlight: 2 });
    const ids = Array.from({ length: 40 }, (_, index) => `b-${index}`);
    const recorded: Promise<void>[] = [];
    for (const id of ids) {
      recorded.push(commit.record(accessEvent(id)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(recorded);
    expect(batches.reduce((sum, size) => sum + size, 0)).to.equal(40);
    expect(batches.length, `batches ${batches.join(',')}`).to.be.at.most(10);
    expect((await received(queueUrl, 40)).sort()).to.deep.equal([...ids].sort());
  });

  it('When every call hangs, then a record waiting for one is refused with 503 at its bound', async () => {
    const hanging: BatchPublisher = () => new Promise(() => undefined);
    const commit = new GroupCommit({ publishBatch: hanging, topic: 'never', logger, windowMs: 0, boundMs: 200, maxInFlight: 2 });
    // Two calls out, one record each (a turn apart), both hanging.
    for (const id of ['first', 'second']) {
      void commit.record(accessEvent(id)).catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const started = Date.now();
    const error = await commit.record(accessEvent('third')).then(() => undefined, (e: { status?: number }) => e);
    expect(error?.status).to.equal(503);
    expect(Date.now() - started).to.be.within(150, 1000);
  });
});
