import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createLogger, exitAtBoot, onShutdown } from '@episodic/core';
import { verifierFromConfig } from '@episodic/auth';
import { checkDatabase, connectionOf, openDatabase } from '@episodic/db';
import { closeServer, gatewayContextOf, listen } from '@episodic/http';
import { awsSettingsOf, createAwsClients, createOutboxRelay, drainOutbox, SqsConsumer } from '@episodic/messaging';
import { outboxHistory } from '@episodic/operations';
import { startTracing } from '@episodic/tracing';
import { TOPOLOGY } from '@episodic/infra';
import { createObjectStore } from '@episodic/storage';
import { videoTools } from '@episodic/video';
import { buildApp } from './app.ts';
import { readProcessingConfig } from './config.ts';
import { episodeEvents } from './domain/episode-lifecycle.ts';
import { UploadSweeper } from './domain/upload-sweeper.ts';
import { UploadWatcher } from './domain/upload-watcher.ts';
import { createProcessing } from './processing.ts';
import { jobHandler } from './worker/job-handler.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/processing', import.meta.url));

const config = readProcessingConfig();
const logger = createLogger({ name: 'processing', level: config.LOG_LEVEL });
const tracing = await startTracing({ service: 'processing', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const sequelize = await openDatabase({ ...connectionOf(config), logger, poolMax: config.DATABASE_POOL_MAX }, config.MIGRATE_ON_START ? MIGRATIONS : undefined)
  .catch((error: unknown) => exitAtBoot(logger, error));

const aws = createAwsClients(awsSettingsOf(config));
const store = createObjectStore({ s3: aws.s3, bucket: config.S3_BUCKET, timeoutMs: config.S3_TIMEOUT_MS, publicEndpoint: config.S3_PUBLIC_ENDPOINT });
const outbox = createOutboxRelay({ sequelize, sns: aws.sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, logger });
const history = outboxHistory({ sequelize, outbox, sqs: aws.sqs, queues: TOPOLOGY.queues, service: 'processing', topic: config.PROCESSING_TOPIC, retentionDays: config.OUTBOX_RETENTION_DAYS, logger });
const processing = createProcessing({
  sequelize, store, outbox,
  topic: config.PROCESSING_TOPIC,
  catalog: { url: config.CATALOG_URL, timeoutMs: config.CATALOG_TIMEOUT_MS },
  maxRetries: config.JOB_MAX_RETRIES,
  urlExpiresSeconds: config.S3_URL_EXPIRES_SECONDS,
  maxVideoBytes: config.VIDEO_MAX_BYTES,
  videoUploads: { partSizeBytes: config.VIDEO_PART_SIZE_BYTES, singlePutMaxBytes: config.VIDEO_SINGLE_PUT_MAX_BYTES, expiresHours: config.VIDEO_UPLOAD_EXPIRES_HOURS },
});
const queueUrl = async (name: string) => (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
// With PROCESSING_CONSUMER_ENABLED=false catalog's episode events are a Lambda's (src/lambda.ts); jobs stay here.
const episodes = config.PROCESSING_CONSUMER_ENABLED
  ? new SqsConsumer({
    sqs: aws.sqs, queueUrl: await queueUrl(config.PROCESSING_QUEUE_NAME), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS,
    handler: episodeEvents(processing.lifecycle, logger),
  })
  : undefined;
const worker = config.WORKER_CONCURRENCY > 0
  ? new SqsConsumer({
    sqs: aws.sqs, queueUrl: await queueUrl(config.JOBS_QUEUE_NAME), logger, waitTimeSeconds: config.SQS_WAIT_SECONDS,
    maxMessages: config.WORKER_CONCURRENCY,
    backoffBaseSeconds: config.JOB_RETRY_BASE_SECONDS,
    handler: jobHandler(processing.deps, {
      tools: videoTools({ ffmpegPath: config.FFMPEG_PATH, ffprobePath: config.FFPROBE_PATH, timeoutMs: config.VIDEO_TOOL_TIMEOUT_MS }),
      defaultWidths: config.THUMBNAIL_WIDTHS.split(',').map(Number),
      visibilitySeconds: config.JOB_VISIBILITY_SECONDS,
      frameConcurrency: config.FRAME_CONCURRENCY,
      toolTimeoutMs: config.VIDEO_TOOL_TIMEOUT_MS,
      logger,
    }),
  })
  : undefined;
const watcher = new UploadWatcher(processing.deps, logger, config.VIDEO_UPLOAD_CHECK_INTERVAL_MS);
const sweeper = new UploadSweeper(processing.deps, logger, config.VIDEO_UPLOAD_SWEEP_INTERVAL_MS);
const app = buildApp({
  logger, gatewayContext: gatewayContextOf(config), deps: processing.deps, verifier: verifierFromConfig(config),
  readiness: { database: () => checkDatabase(sequelize), s3: () => store.check() },
  replay: history.replay,
});

outbox.start();
history.pruning.start();
watcher.start();
sweeper.start();
episodes?.start();
worker?.start();
const { server, url } = await listen(app, config.PORT, config.HOST);
logger.info({ url, topic: config.PROCESSING_TOPIC, workers: config.WORKER_CONCURRENCY, episodeEvents: episodes ? config.PROCESSING_QUEUE_NAME : 'a Lambda' }, 'processing listening');

// The job in hand gets JOB_HAND_BACK_AFTER_MS to finish, then is handed back; the rest closes after it.
onShutdown(logger, async () => {
  await worker?.stop({ handBackAfterMs: config.JOB_HAND_BACK_AFTER_MS });
  await episodes?.stop();
  await closeServer(server);
  await watcher.stop();
  await sweeper.stop();
  await history.pruning.stop();
  await drainOutbox(outbox, logger);
  await sequelize.close();
  await tracing?.shutdown();
}, config.JOB_HAND_BACK_AFTER_MS + 10_000);
