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
import { createObjectStore } from '@episodic/storage';
import { buildApp } from './app.ts';
import { UploadAdmission } from './routes/upload-admission.ts';
import { readMediaConfig, renditionWidths } from './config.ts';
import { episodeEvents } from './consumers/episode-events.ts';
import { objectDeletions } from './data/object-deletions.ts';
import { ObjectSweeper } from './domain/object-sweeper.ts';
import { createMedia } from './media.ts';
import { readinessChecks } from './readiness.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/media', import.meta.url));

const config = readMediaConfig();
const logger = createLogger({ name: 'media', level: config.LOG_LEVEL });
const tracing = await startTracing({ service: 'media', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const sequelize = await openDatabase({ ...connectionOf(config), logger, poolMax: config.DATABASE_POOL_MAX }, config.MIGRATE_ON_START ? MIGRATIONS : undefined)
  .catch((error: unknown) => exitAtBoot(logger, error));

const aws = createAwsClients(awsSettingsOf(config));
const store = createObjectStore({ s3: aws.s3, bucket: config.S3_BUCKET, timeoutMs: config.S3_TIMEOUT_MS, publicEndpoint: config.S3_PUBLIC_ENDPOINT });
const outbox = createOutboxRelay({ sequelize, sns: aws.sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, logger });
const history = outboxHistory({ sequelize, outbox, sqs: aws.sqs, queues: TOPOLOGY.queues, service: 'media', topic: config.MEDIA_TOPIC, retentionDays: config.OUTBOX_RETENTION_DAYS, logger });
const sweeper = new ObjectSweeper({ sequelize, deletions: objectDeletions(sequelize), store, logger, intervalMs: config.OBJECT_SWEEP_INTERVAL_MS });
const media = createMedia({
  sequelize,
  store,
  outbox,
  topic: config.MEDIA_TOPIC,
  catalog: { url: config.CATALOG_URL, timeoutMs: config.CATALOG_TIMEOUT_MS },
  images: { maxPixels: config.MEDIA_MAX_PIXELS, widths: renditionWidths(config.MEDIA_RENDITION_WIDTHS), concurrency: config.MEDIA_IMAGE_CONCURRENCY },
  urlExpiresSeconds: config.S3_URL_EXPIRES_SECONDS,
  uploadGraceSeconds: config.UPLOAD_GRACE_SECONDS,
  sweepSoon: () => sweeper.kick(),
});

// With MEDIA_CONSUMER_ENABLED=false the queue is a Lambda's (src/lambda.ts): not looked up or consumed here.
const queueUrl = config.MEDIA_CONSUMER_ENABLED ? (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: config.MEDIA_QUEUE_NAME }))).QueueUrl! : undefined;
const consumer = queueUrl ? new SqsConsumer({ sqs: aws.sqs, queueUrl, handler: episodeEvents(media, logger), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS }) : undefined;
const app = buildApp({
  logger,
  reads: media.reads,
  writes: media.writes,
  verifier: verifierFromConfig(config),
  gatewayContext: gatewayContextOf(config),
  readiness: readinessChecks(sequelize, store),
  replay: history.replay,
  maxUploadBytes: config.MEDIA_MAX_UPLOAD_BYTES,
  admission: new UploadAdmission({
    maxUploads: config.MEDIA_UPLOADS_AT_ONCE,
    maxBytes: config.MEDIA_UPLOAD_BUFFER_BYTES,
    maxUploadBytes: config.MEDIA_MAX_UPLOAD_BYTES,
    retryAfterSeconds: 2,
  }),
});

outbox.start();
history.pruning.start();
sweeper.start();
consumer?.start();
const { server, url } = await listen(app, config.PORT, config.HOST);
logger.info({ url, topic: config.MEDIA_TOPIC, queue: consumer ? config.MEDIA_QUEUE_NAME : null, bucket: config.S3_BUCKET }, consumer ? 'media listening' : 'media listening (consumer disabled: MEDIA_CONSUMER_ENABLED=false)');

onShutdown(logger, async () => {
  await consumer?.stop();
  await closeServer(server);
  await sweeper.stop();
  await history.pruning.stop();
  await drainOutbox(outbox, logger);
  await sequelize.close();
  await tracing?.shutdown();
});
