import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueryTypes, type Sequelize } from 'sequelize';
import { AppError } from '@episodic/core';
import { createSequelize, migrateUp, Outbox } from '@episodic/db';
import { applyTopology, createEvent, createPublisher, SYSTEM_ACTOR, type CloudEvent, type QueueSpec } from '@episodic/messaging';
import { testEnvironment } from '@episodic/testing';
import { outboxHistory, OutboxReplay, QueueDirectory } from '../src/index.ts';
import { logger, testQueues, type TestQueues } from './fixtures.ts';

const CATALOG_MIGRATIONS = fileURLToPath(new URL('../../../migrations/catalog', import.meta.url));

function event(type: string, subject: string): CloudEvent {
  return createEvent({ source: 'episodic/catalog', type, subject, data: {}, actor: SYSTEM_ACTOR, correlationId: `replay-${subject}` });
}

async function drain(queues: TestQueues, url: string): Promise<{ body: CloudEvent; type: string | undefined }[]> {
  const received: { body: CloudEvent; type: string | undefined }[] = [];
  for (;;) {
    const { Messages = [] } = await queues.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], VisibilityTimeout: 30 }));
    if (Messages.length === 0) return received;
    received.push(...Messages.map((message) => ({ body: JSON.parse(message.Body!) as CloudEvent, type: message.MessageAttributes?.['type']?.StringValue })));
  }
}

describe('operations/replay from the outbox history (emulator, real SQS and SNS clients)', () => {
  let queues: TestQueues;
  let other: QueueSpec;
  let otherUrl: string;
  let sequelize: Sequelize;
  let replay: OutboxReplay;
  let events: CloudEvent[];

  before(async () => {
    queues = await testQueues(['episode.']);
    // A second subscriber of the same topic, which a replay to the first must not disturb.
    other = { name: `${queues.spec.name}-other`, visibilityTimeoutSeconds: 5, maxReceiveCount: 5, subscriptions: [{ topic: queues.topic, types: ['episode.', 'metadata.'] }] };
    otherUrl = (await applyTopology({ topics: [queues.topic], queues: [other], buckets: [] }, queues.aws)).queueUrls[other.name]!;
    const env = await testEnvironment();
    sequelize = createSequelize({ url: await env.newDatabase('operations_replay'), logger, poolMax: 2 });
    await migrateUp(sequelize, CATALOG_MIGRATIONS);
    const publish = createPublisher({ sns: queues.aws.sns, topicArnPrefix: queues.topicArn.slice(0, -queues.topic.length), logger });
    outbox = new Outbox({ sequelize, logger, publish: (topic, published) => publish(topic, published as CloudEvent) });
    events = [event('episode.created', 'episodes/1'), event('metadata.stored', 'episodes/1/metadata'), event('episode.updated', 'episodes/1'), event('episode.deleted', 'episodes/2')];
    for (const each of events) await sequelize.transaction((transaction) => outbox.add(transaction, queues.topic, each));
    expect(await outbox.publishBatch()).to.deep.equal({ published: 4, failed: false });
    // The last event was committed two days ago.
    await sequelize.query("UPDATE outbox SET created_at = now() - interval '2 days' WHERE event_id = :id", { replacements: { id: events[3]!.id } });
    await drain(queues, queues.url);
    await drain(queues, otherUrl);
    replay = new OutboxReplay({ sequelize, queues: new QueueDirectory(queues.aws.sqs, [queues.spec, other]), service: 'catalog', topic: queues.topic, retentionDays: 7, logger });
  });
  after(() => sequelize.close());
  let outbox: Outbox;

  it('When the last hour is replayed to one queue, then that queue alone gets the events its subscription takes, with their ids and type attribute', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const result = await replay.replay({ service: 'catalog', queue: queues.spec.name, from, to: new Date().toISOString() });
    expect(result).to.include({ service: 'catalog', queue: queues.spec.name, replayed: 2, skipped: 1 });
    const received = await drain(queues, queues.url);
    expect(received.map((message) => message.body.id)).to.have.members([events[0]!.id, events[2]!.id]);
    expect(received.map((message) => message.type)).to.have.members(['episode.created', 'episode.updated']);
    expect(received.find((message) => message.body.id === events[0]!.id)!.body).to.deep.equal(events[0]);
    expect(await drain(queues, otherUrl)).to.deep.equal([]);
  });

  it('When a range within retention but days ago is replayed, then only the events committed then are sent', async () => {
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 86_400_000).toISOString();
    expect(await replay.replay({ service: 'catalog', queue: queues.spec.name, from, to })).to.include({ replayed: 1, skipped: 0 });
    expect((await drain(queues, queues.url)).map((message) => message.body.id)).to.deep.equal([events[3]!.id]);
  });

  async function refusal(request: { service?: string; queue?: string; from?: string; to?: string }): Promise<AppError> {
    const now = Date.now();
    const full = { service: 'catalog', queue: queues.spec.name, from: new Date(now - 60_000).toISOString(), to: new Date(now).toISOString(), ...request };
    const error = await replay.replay(full).then(() => undefined, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(AppError);
    return error as AppError;
  }

  it('When the range starts beyond retention, ends in the future or is empty, then 400 names the field', async () => {
    expect((await refusal({ from: new Date(Date.now() - 8 * 86_400_000).toISOString() })).errors).to.deep.equal([{ path: '/from', message: 'is beyond the outbox retention (7 days)' }]);
    expect((await refusal({ to: new Date(Date.now() + 3_600_000).toISOString() })).errors).to.deep.equal([{ path: '/to', message: 'is in the future' }]);
    const at = new Date().toISOString();
    expect((await refusal({ from: at, to: at })).errors).to.deep.equal([{ path: '/to', message: 'must be after from' }]);
    expect((await refusal({ service: 'media' })).status).to.equal(400);
  });

  it('When the queue is unknown, then 404; when it does not subscribe to this service, then 400', async () => {
    expect((await refusal({ queue: 'no-such-queue' })).status).to.equal(404);
    const stranger: QueueSpec = { name: 'stranger', visibilityTimeoutSeconds: 5, maxReceiveCount: 5, subscriptions: [{ topic: 'elsewhere', types: ['episode.'] }] };
    const elsewhere = new OutboxReplay({ sequelize, queues: new QueueDirectory(queues.aws.sqs, [stranger]), service: 'catalog', topic: queues.topic, retentionDays: 7, logger });
    const now = Date.now();
    const error = await elsewhere.replay({ service: 'catalog', queue: 'stranger', from: new Date(now - 1000).toISOString(), to: new Date(now).toISOString() }).catch((caught: AppError) => caught);
    expect(error).to.include({ status: 400 });
    expect((error as AppError).errors).to.deep.equal([{ path: '/queue', message: `does not subscribe to ${queues.topic}` }]);
  });

  it('When the pruning pass runs, then published events past retention go and recent or unpublished ones stay', async () => {
    const old = event('episode.created', 'episodes/99');
    const pending = event('episode.updated', 'episodes/99');
    for (const each of [old, pending]) await sequelize.transaction((transaction) => outbox.add(transaction, queues.topic, each));
    await sequelize.query("UPDATE outbox SET created_at = now() - interval '30 days', published_at = now() WHERE event_id = :id", { replacements: { id: old.id } });
    await sequelize.query("UPDATE outbox SET created_at = now() - interval '30 days' WHERE event_id = :id", { replacements: { id: pending.id } });
    const history = outboxHistory({ sequelize, outbox, sqs: queues.aws.sqs, queues: [queues.spec], service: 'catalog', topic: queues.topic, retentionDays: 7, logger });
    history.pruning.start();
    await history.pruning.stop();
    const left = await sequelize.query<{ event_id: string }>('SELECT event_id FROM outbox', { type: QueryTypes.SELECT });
    const ids = left.map((row) => row.event_id);
    expect(ids).to.not.include(old.id);
    expect(ids).to.include.members([pending.id, ...events.map((each) => each.id)]);
  });
});
