import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PublishCommand } from '@aws-sdk/client-sns';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { applyTopology, createAwsClients, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { TOPICS } from '@episodic/infra';
import { receiveMessages, sqsRecordOf, testEnvironment } from '@episodic/testing';
import { createHandler } from '../src/lambda.ts';
import { catalogEvent, episode } from './audit-under-test.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/audit', import.meta.url));
const logger = createLogger({ name: 'audit-lambda-test', level: 'silent' });

describe('audit/lambda: the activity recorder as an AWS Lambda', () => {
  let aws: AwsClients;
  let databaseUrl: string;
  let queueUrl: string;
  let topicArn: string;

  before(async () => {
    const env = await testEnvironment();
    databaseUrl = await env.newDatabase('audit_lambda');
    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 2 });
    await migrateUp(sequelize, MIGRATIONS);
    await sequelize.close();
    aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    const queue = `audit-lambda-${randomUUID().slice(0, 8)}`;
    const { topicArns, queueUrls } = await applyTopology({
      topics: [TOPICS.catalog],
      queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic: TOPICS.catalog, types: ['episode.'] }] }],
      buckets: [],
    }, aws);
    queueUrl = queueUrls[queue]!;
    topicArn = topicArns[TOPICS.catalog]!;
  });

  const publish = (body: string, type: string) =>
    aws.sns.send(new PublishCommand({ TopicArn: topicArn, Message: body, MessageAttributes: { type: { DataType: 'String', StringValue: type } } }));

  it('When a batch of real SQS records holds a poison one, then only the poison is a batch item failure and the others are recorded', async () => {
    const events: CloudEvent[] = [1, 2, 3].map((id) => catalogEvent('episode.created', { episode: episode(id) }));
    await publish(JSON.stringify(events[0]), 'episode.created');
    await publish('{"not": "an event"', 'episode.created');
    for (const event of events.slice(1)) await publish(JSON.stringify(event), event.type);
    const messages = await receiveMessages(aws.sqs, queueUrl, 4);
    const poison = messages.find((message) => message.Body === '{"not": "an event"')!;

    const handler = createHandler({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
    const response = await handler({ Records: messages.map((message) => sqsRecordOf(message, 'arn:aws:sqs:us-east-1:000000000000:audit-events')) });

    expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: poison.MessageId }]);
    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 1 });
    try {
      const [rows] = await sequelize.query('SELECT event_id FROM activity_logs ORDER BY id');
      expect((rows as { event_id: string }[]).map((row) => row.event_id)).to.have.members(events.map((event) => event.id));
    } finally {
      await sequelize.close();
    }
  });

  it('When the same batch is delivered again, then nothing is recorded twice and no record fails', async () => {
    const event = catalogEvent('episode.created', { episode: episode(9) });
    await publish(JSON.stringify(event), event.type);
    const [message] = await receiveMessages(aws.sqs, queueUrl, 1);
    const handler = createHandler({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
    const record = sqsRecordOf(message!, 'arn:aws:sqs:us-east-1:000000000000:audit-events');
    expect((await handler({ Records: [record, record] })).batchItemFailures).to.deep.equal([]);
    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 1 });
    try {
      const [rows] = await sequelize.query('SELECT 1 FROM activity_logs WHERE event_id = :id', { replacements: { id: event.id } });
      expect(rows).to.have.length(1);
    } finally {
      await sequelize.close();
    }
  });

  it('When the database settings are missing, then the invocation fails naming them and the next one tries again', async () => {
    const handler = createHandler({ LOG_LEVEL: 'silent' });
    const failure = await handler({ Records: [] }).then(() => undefined, (error: Error) => error.message);
    expect(failure).to.match(/DATABASE_URL.*DATABASE_HOST/);
    const again = await handler({ Records: [] }).then(() => undefined, (error: Error) => error.message);
    expect(again).to.match(/DATABASE_URL/);
  });
});
