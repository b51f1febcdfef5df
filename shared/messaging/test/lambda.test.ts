import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createLogger, loadConfig } from '@episodic/core';
import { receiveMessages, sqsRecordOf, testEnvironment } from '@episodic/testing';
import { applyTopology, createAwsClients, lambdaSettings, onColdStart, sqsLambdaHandler, type AwsClients, type HandlerOutcome } from '../src/index.ts';
import { accessEvent } from './access-event.ts';

const logger = createLogger({ name: 'lambda-test', level: 'silent' });
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:lambda-test';

describe('messaging/sqsLambdaHandler: an EventHandler as an AWS Lambda with partial batch responses', () => {
  let aws: AwsClients;
  let queueUrl: string;

  before(async () => {
    const env = await testEnvironment();
    aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    const queue = `lambda-test-${randomUUID().slice(0, 8)}`;
    queueUrl = (await applyTopology({ topics: [], queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [] }], buckets: [] }, aws)).queueUrls[queue]!;
  });

  /** Sends the bodies in order and receives them back as one Lambda event, in the order sent. */
  async function batchOf(bodies: string[]): Promise<SQSEvent> {
    const ids: string[] = [];
    for (const body of bodies) ids.push((await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))).MessageId!);
    const messages = await receiveMessages(aws.sqs, queueUrl, bodies.length);
    return { Records: ids.map((id) => sqsRecordOf(messages.find((message) => message.MessageId === id)!, QUEUE_ARN)) };
  }

  it('When records succeed, retry later, give up, hand back, throw or are poison, then all but the successes are batch item failures', async () => {
    const outcomes: (HandlerOutcome | 'throw')[] = ['success', 'retryLater', 'success', 'deadLetter', 'handBack', 'throw'];
    const events = outcomes.map((_, index) => accessEvent(index));
    const event = await batchOf([...events.map((e) => JSON.stringify(e)), '{"type": "episode.created"}']);
    const seen: number[] = [];
    const handler = sqsLambdaHandler({
      logger,
      handler: async (received, context) => {
        const index = events.findIndex((e) => e.id === received.id);
        seen.push(index);
        expect(context.receiveCount).to.equal(1);
        const outcome = outcomes[index]!;
        if (outcome === 'throw') throw new Error('the database went away');
        return outcome;
      },
    });
    const { batchItemFailures } = await handler(event);
    expect(seen, 'one after the other, in the batch order').to.deep.equal([0, 1, 2, 3, 4, 5]);
    const failed = batchItemFailures.map((failure) => event.Records.findIndex((record) => record.messageId === failure.itemIdentifier));
    expect(failed).to.deep.equal([1, 3, 4, 5, 6]);
  });

  it('When a record is still running, then the next one waits for it (the audit chain depends on the order)', async () => {
    const event = await batchOf([JSON.stringify(accessEvent(1)), JSON.stringify(accessEvent(2))]);
    const log: string[] = [];
    let release: () => void = () => undefined;
    const firstMayFinish = new Promise<void>((resolve) => (release = resolve));
    const handler = sqsLambdaHandler({
      logger,
      handler: async (received) => {
        log.push(`start ${received.subject}`);
        if (received.subject === 'episodes/1') {
          queueMicrotask(release);
          await firstMayFinish;
        }
        log.push(`end ${received.subject}`);
        return 'success';
      },
    });
    expect((await handler(event)).batchItemFailures).to.deep.equal([]);
    expect(log).to.deep.equal(['start episodes/1', 'end episodes/1', 'start episodes/2', 'end episodes/2']);
  });

  it('When the cold start fails, then that invocation fails and the next one starts again', async () => {
    let starts = 0;
    const handler = onColdStart(async () => {
      starts += 1;
      if (starts === 1) throw new Error('Secrets Manager unreachable');
      return async () => ({ batchItemFailures: [] });
    });
    const first = await handler({ Records: [] }).then(() => 'ok', (error: Error) => error.message);
    expect(first).to.equal('Secrets Manager unreachable');
    expect(await handler({ Records: [] })).to.deep.equal({ batchItemFailures: [] });
    await handler({ Records: [] });
    expect(starts, 'built once after it worked').to.equal(2);
  });

  it('When a service spec is made a Lambda spec, then serving settings go and DATABASE_SECRET_ARN comes', () => {
    const spec = lambdaSettings({
      PORT: { type: 'integer', default: 3001, description: 'port' },
      COGNITO_ISSUER: { type: 'string', description: 'issuer' },
      CATALOG_TOPIC: { type: 'string', default: 'catalog-events', description: 'topic' },
      CATALOG_CONSUMER_ENABLED: { type: 'boolean', default: true, description: 'switch' },
    });
    expect(Object.keys(spec)).to.deep.equal(['CATALOG_TOPIC', 'DATABASE_SECRET_ARN']);
    expect(loadConfig(spec, {})).to.deep.equal({ CATALOG_TOPIC: 'catalog-events' });
  });
});
