import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createLogger, waitFor } from '@episodic/core';
import { receiveMessages, sqsRecordOf, testEnvironment, type TestEnvironment } from '@episodic/testing';
import { applyTopology, createAwsClients, SqsConsumer, sqsLambdaHandler, type AwsClients, type BatchItem, type HandlerOutcome } from '../src/index.ts';
import { accessEvent } from './access-event.ts';

const logger = createLogger({ name: 'consumer-batch-test', level: 'silent' });
const POISON = '{"type": "access.recorded"}';

describe('messaging/SqsConsumer: batch mode', () => {
  let env: TestEnvironment;
  let aws: AwsClients;

  before(async () => {
    env = await testEnvironment();
    aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
  });

  async function newQueue(): Promise<{ name: string; url: string; dlqUrl: string }> {
    const name = `batch-test-${randomUUID().slice(0, 8)}`;
    const { queueUrls } = await applyTopology({ topics: [], queues: [{ name, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [] }], buckets: [] }, aws);
    return { name, url: queueUrls[name]!, dlqUrl: queueUrls[`${name}-dlq`]! };
  }
  const send = (queueUrl: string, bodies: string[]) =>
    aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })) }));
  const depth = async (queueUrl: string, attribute: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible') =>
    Number((await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [attribute] }))).Attributes?.[attribute]);

  it('When a batch holds successes, a retry, a give-up and a poison, then one handler call sees the valid ones in order and each is settled', async () => {
    const queue = await newQueue();
    const events = [1, 2, 3, 4].map(accessEvent);
    const outcomes: HandlerOutcome[] = ['success', 'retryLater', 'success', 'deadLetter'];
    const calls: BatchItem[][] = [];
    await send(queue.url, [JSON.stringify(events[0]), POISON, ...events.slice(1).map((event) => JSON.stringify(event))]);
    const consumer = new SqsConsumer({
      sqs: aws.sqs, queueUrl: queue.url, logger, waitTimeSeconds: 1, backoffBaseSeconds: 60,
      batchHandler: async (items) => {
        calls.push(items);
        return items.map((item) => outcomes[events.findIndex((event) => event.id === item.event.id)]!);
      },
    });
    consumer.start();
    try {
      await waitFor(async () => (await depth(queue.dlqUrl, 'ApproximateNumberOfMessages')) === 2, { what: 'the poison and the give-up in the DLQ' });
      await waitFor(async () => (await depth(queue.url, 'ApproximateNumberOfMessagesNotVisible')) === 1, { what: 'only the retry left, backing off' });
    } finally {
      await consumer.stop();
    }
    expect(calls.map((items) => items.map((item) => item.event.id))).to.deep.equal([events.map((event) => event.id)]);
    expect(await depth(queue.url, 'ApproximateNumberOfMessages'), 'the successes are deleted').to.equal(0);
  });

  it('When the batch handler throws, then every message of the batch comes back for a retry', async () => {
    const queue = await newQueue();
    await send(queue.url, [1, 2, 3].map((id) => JSON.stringify(accessEvent(id))));
    let calls = 0;
    const consumer = new SqsConsumer({ sqs: aws.sqs, queueUrl: queue.url, logger, waitTimeSeconds: 1, backoffBaseSeconds: 60, batchHandler: async () => { calls += 1; throw new Error('the database went away'); } });
    consumer.start();
    try {
      await waitFor(async () => calls === 1 && (await depth(queue.url, 'ApproximateNumberOfMessagesNotVisible')) === 3, { what: 'three messages backing off' });
    } finally {
      await consumer.stop();
    }
    expect(await depth(queue.dlqUrl, 'ApproximateNumberOfMessages')).to.equal(0);
  });

  it('When a receive was not full and a batch window is set, then the next receive waits for the trickle to gather', async () => {
    const queue = await newQueue();
    const sizes: number[] = [];
    const firstDone = Promise.withResolvers<void>();
    const consumer = new SqsConsumer({
      sqs: aws.sqs, queueUrl: queue.url, logger, waitTimeSeconds: 1, batchWindowMs: 2000,
      batchHandler: async (items) => {
        sizes.push(items.length);
        firstDone.resolve();
        return items.map(() => 'success');
      },
    });
    await send(queue.url, [JSON.stringify(accessEvent(1))]);
    consumer.start();
    try {
      await firstDone.promise;
      // One at a time, as reads trickle in: without the window the first of them would go alone.
      for (const id of [2, 3, 4]) await send(queue.url, [JSON.stringify(accessEvent(id))]);
      await waitFor(() => sizes.length === 2, { what: 'the second batch' });
    } finally {
      await consumer.stop();
    }
    expect(sizes).to.deep.equal([1, 3]);
  });

  it('When a batch outlasts its visibility timeout, then the consumer keeps it invisible until the handler is done (no second delivery)', async function () {
    this.timeout(30_000);
    const queue = await newQueue();
    await send(queue.url, [JSON.stringify(accessEvent(1))]);
    const deadline = () => env.emulator.server.inspectQueue(queue.name)?.messages.inflight[0]?.visibilityDeadline;
    let calls = 0;
    let firstDeadline = 0;
    const consumer = new SqsConsumer({
      sqs: aws.sqs, queueUrl: queue.url, logger, waitTimeSeconds: 1, visibilityTimeoutSeconds: 2,
      batchHandler: async (items) => {
        calls += 1;
        firstDeadline = deadline()!;
        // Stuck (as behind a lock) until well past the visibility it was received with.
        await waitFor(() => Date.now() > firstDeadline + 1500, { timeoutMs: 10_000, what: 'the first visibility long gone' });
        const stolen = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0 }));
        expect(stolen.Messages ?? [], 'another worker receives nothing').to.have.length(0);
        return items.map(() => 'success');
      },
    });
    consumer.start();
    try {
      await waitFor(async () => calls === 1 && (await depth(queue.url, 'ApproximateNumberOfMessagesNotVisible')) === 0, { timeoutMs: 15_000, what: 'the batch done and deleted' });
    } finally {
      await consumer.stop();
    }
    expect(calls).to.equal(1);
    expect(await depth(queue.url, 'ApproximateNumberOfMessages')).to.equal(0);
  });
});

describe('messaging/sqsLambdaHandler: batch mode', () => {
  it('When a batch handler gets a Lambda batch with a poison record, then it sees the valid records in order and the poison and the non-successes are batch item failures', async () => {
    const env = await testEnvironment();
    const aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    const name = `batch-lambda-${randomUUID().slice(0, 8)}`;
    const queueUrl = (await applyTopology({ topics: [], queues: [{ name, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [] }], buckets: [] }, aws)).queueUrls[name]!;
    const events = [1, 2, 3].map(accessEvent);
    await aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [JSON.stringify(events[0]), POISON, JSON.stringify(events[1]), JSON.stringify(events[2])].map((body, index) => ({ Id: String(index), MessageBody: body })) }));
    const messages = await receiveMessages(aws.sqs, queueUrl, 4);
    const records = messages.map((message) => sqsRecordOf(message, `arn:aws:sqs:us-east-1:000000000000:${name}`));
    const seen: string[][] = [];
    const handler = sqsLambdaHandler({ logger, batchHandler: async (items) => { seen.push(items.map((item) => item.event.id)); return ['success', 'retryLater', 'success']; } });
    const { batchItemFailures } = await handler({ Records: records });
    const idOf = (body: string) => messages.find((message) => message.Body === body)!.MessageId;
    expect(seen).to.deep.equal([events.map((event) => event.id)]);
    expect(batchItemFailures.map((failure) => failure.itemIdentifier)).to.have.members([idOf(POISON), idOf(JSON.stringify(events[1]))]);
    const failing = sqsLambdaHandler({ logger, batchHandler: async () => { throw new Error('the database went away'); } });
    expect((await failing({ Records: records })).batchItemFailures).to.have.length(4);
  });
});
