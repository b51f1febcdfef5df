import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createLogger, guard, onShutdown } from '@episodic/core';
import { verifierFromConfig } from '@episodic/auth';
import { checkDatabase, createSequelize } from '@episodic/db';
import { closeServer, listen } from '@episodic/http';
import { awsSettingsOf, createAwsClients, SqsConsumer } from '@episodic/messaging';
import { buildApp } from './app.ts';
import { readAuditConfig } from './config.ts';
import { recordActivity } from './consumers/record-activity.ts';
import { createActivityRepository } from './data/activity-repository.ts';

const config = readAuditConfig();
const logger = createLogger({ name: 'audit', level: config.LOG_LEVEL });
const sequelize = createSequelize({ url: config.DATABASE_URL, logger });
const aws = createAwsClients(awsSettingsOf(config));
const { QueueUrl: queueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: config.AUDIT_QUEUE_NAME }));
const activity = createActivityRepository(sequelize);
const consumer = new SqsConsumer({ sqs: aws.sqs, queueUrl: queueUrl!, handler: recordActivity(activity, logger), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS });
const probeQueue = guard('SQS', () => aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })), { timeoutMs: 1500 });
const verifier = verifierFromConfig(config);
const app = buildApp({ logger, activity, verifier, readiness: { database: () => checkDatabase(sequelize), queue: () => probeQueue() } });

consumer.start();
const { server, url } = await listen(app, config.PORT, config.HOST);
logger.info({ url, queue: config.AUDIT_QUEUE_NAME }, 'audit listening');

onShutdown(logger, async () => {
  await consumer.stop();
  await closeServer(server);
  await sequelize.close();
});
