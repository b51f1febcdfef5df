import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createLogger, exitAtBoot, guard, onShutdown } from '@episodic/core';
import { verifierFromConfig } from '@episodic/auth';
import { checkDatabase, connectionOf, openDatabase } from '@episodic/db';
import { closeServer, gatewayContextOf, listen } from '@episodic/http';
import { awsSettingsOf, createAwsClients, SqsConsumer } from '@episodic/messaging';
import { startTracing } from '@episodic/tracing';
import { buildApp } from './app.ts';
import { readAuditConfig } from './config.ts';
import { recordActivity } from './consumers/record-activity.ts';
import { startCompliance } from './compliance.ts';
import { createActivityRepository } from './data/activity-repository.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/audit', import.meta.url));

const config = readAuditConfig();
const logger = createLogger({ name: 'audit', level: config.LOG_LEVEL });
const tracing = await startTracing({ service: 'audit', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const sequelize = await openDatabase({ ...connectionOf(config), logger }, config.MIGRATE_ON_START ? MIGRATIONS : undefined)
  .catch((error: unknown) => exitAtBoot(logger, error));
const aws = createAwsClients(awsSettingsOf(config));
const activity = createActivityRepository(sequelize);
const consumer = config.AUDIT_CONSUMER_ENABLED ? await startConsumer() : undefined;
const compliance = startCompliance({ config, sequelize, aws, activity, logger });
const verifier = verifierFromConfig(config);
const app = buildApp({ logger, gatewayContext: gatewayContextOf(config), activity, retention: compliance.retention, archive: compliance.archive, verifier, readiness: { database: () => checkDatabase(sequelize), ...(consumer && { queue: consumer.probe }) } });

const { server, url } = await listen(app, config.PORT, config.HOST);
logger.info({ url, queue: consumer ? config.AUDIT_QUEUE_NAME : null }, consumer ? 'audit listening' : 'audit listening (consumer disabled: AUDIT_CONSUMER_ENABLED=false)');

onShutdown(logger, async () => {
  await consumer?.sqs.stop();
  await closeServer(server);
  await compliance.stop();
  await sequelize.close();
  await tracing?.shutdown();
});

/** The long-polling consumer of the audit queue, and a readiness probe of that queue. */
async function startConsumer() {
  const { QueueUrl: queueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: config.AUDIT_QUEUE_NAME }));
  const sqs = new SqsConsumer({ sqs: aws.sqs, queueUrl: queueUrl!, handler: recordActivity(activity, logger), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS });
  const probe = guard('SQS', () => aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })), { timeoutMs: 1500 });
  sqs.start();
  return { sqs, probe: () => probe() };
}
