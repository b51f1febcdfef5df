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
import { recordActivities } from './consumers/record-activity.ts';
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
const consumers = config.AUDIT_CONSUMER_ENABLED
  ? await Promise.all([startConsumer(config.AUDIT_QUEUE_NAME, 1, 0), startConsumer(config.AUDIT_ACCESS_QUEUE_NAME, config.AUDIT_ACCESS_CONSUMERS, config.AUDIT_ACCESS_BATCH_WINDOW_MS)])
  : undefined;
const compliance = startCompliance({ config, sequelize, aws, activity, logger });
const verifier = verifierFromConfig(config);
const app = buildApp({ logger, gatewayContext: gatewayContextOf(config), activity, retention: compliance.retention, archive: compliance.archive, verifier, readiness: { database: () => checkDatabase(sequelize), ...(consumers && { queue: consumers[0].probe, access_queue: consumers[1].probe }) } });

const { server, url } = await listen(app, config.PORT, config.HOST);
logger.info(
  { url, queues: consumers ? [config.AUDIT_QUEUE_NAME, config.AUDIT_ACCESS_QUEUE_NAME] : null },
  consumers ? 'audit listening' : 'audit listening (consumer disabled: AUDIT_CONSUMER_ENABLED=false)',
);

onShutdown(logger, async () => {
  await Promise.all(consumers?.flatMap((consumer) => consumer.loops.map((loop) => loop.stop())) ?? []);
  await closeServer(server);
  await compliance.stop();
  await sequelize.close();
  await tracing?.shutdown();
});

/**
 * `loops` long-polling consumers of one audit queue, each recording every batch it receives in
 * one transaction, and a readiness probe of that queue. All of them append to the one chain; the
 * chain lock orders their batches.
 */
async function startConsumer(queueName: string, loops: number, batchWindowMs: number) {
  const { QueueUrl: queueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const consumerOf = () => new SqsConsumer({ sqs: aws.sqs, queueUrl: queueUrl!, batchHandler: recordActivities(activity, logger), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS, batchWindowMs });
  const probe = guard('SQS', () => aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })), { timeoutMs: 1500 });
  const started = Array.from({ length: loops }, consumerOf);
  for (const loop of started) loop.start();
  return { loops: started, probe: () => probe() };
}
