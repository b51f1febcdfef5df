import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createLogger, exitAtBoot, onShutdown } from '@episodic/core';
import { verifierFromConfig } from '@episodic/auth';
import { connectionOf, openDatabase } from '@episodic/db';
import { closeServer, gatewayContextOf, listen } from '@episodic/http';
import { awsSettingsOf, createAwsClients, createOutboxRelay, drainOutbox, SqsConsumer } from '@episodic/messaging';
import { outboxHistory } from '@episodic/operations';
import { startTracing } from '@episodic/tracing';
import { TOPOLOGY } from '@episodic/infra';
import { buildApp } from './app.ts';
import { readCatalogConfig } from './config.ts';
import { processingEvents } from './consumers/processing-events.ts';
import { createCatalog } from './domain/catalog.ts';
import { readinessChecks } from './readiness.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/catalog', import.meta.url));

const config = readCatalogConfig();
const logger = createLogger({ name: 'catalog', level: config.LOG_LEVEL });
const tracing = await startTracing({ service: 'catalog', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const sequelize = await openDatabase({ ...connectionOf(config), logger, poolMax: config.DATABASE_POOL_MAX }, config.MIGRATE_ON_START ? MIGRATIONS : undefined)
  .catch((error: unknown) => exitAtBoot(logger, error));

const aws = createAwsClients(awsSettingsOf(config));
const outbox = createOutboxRelay({ sequelize, sns: aws.sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, logger });
const history = outboxHistory({ sequelize, outbox, sqs: aws.sqs, queues: TOPOLOGY.queues, service: 'catalog', topic: config.CATALOG_TOPIC, retentionDays: config.OUTBOX_RETENTION_DAYS, logger });
const verifier = verifierFromConfig(config);
const catalog = createCatalog({ sequelize, outbox, topic: config.CATALOG_TOPIC });
// With CATALOG_CONSUMER_ENABLED=false the queue is a Lambda's (src/lambda.ts): not looked up, consumed or probed here.
const queueUrl = config.CATALOG_CONSUMER_ENABLED ? (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: config.CATALOG_QUEUE_NAME }))).QueueUrl! : undefined;
const consumer = queueUrl ? new SqsConsumer({ sqs: aws.sqs, queueUrl, handler: processingEvents(catalog, logger), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS }) : undefined;
const readiness = readinessChecks(sequelize, aws.sns, queueUrl ? { sqs: aws.sqs, url: queueUrl } : undefined);
const app = buildApp({ logger, gatewayContext: gatewayContextOf(config), catalog, verifier, readiness, replay: history.replay });

outbox.start();
history.pruning.start();
consumer?.start();
const { server, url } = await listen(app, config.PORT, config.HOST);
logger.info({ url, topic: config.CATALOG_TOPIC, queue: consumer ? config.CATALOG_QUEUE_NAME : null }, consumer ? 'catalog listening' : 'catalog listening (consumer disabled: CATALOG_CONSUMER_ENABLED=false)');

// The consumer stops first: what it applies in the meantime still reaches the outbox drained below.
onShutdown(logger, async () => {
  await consumer?.stop();
  await closeServer(server);
  await history.pruning.stop();
  await drainOutbox(outbox, logger);
  await sequelize.close();
  await tracing?.shutdown();
});
