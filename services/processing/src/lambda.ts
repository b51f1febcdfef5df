import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '@episodic/core';
import { connectionOf, createSequelize, withDatabaseSecret } from '@episodic/db';
import { awsSettingsOf, createAwsClients, createOutboxRelay, onColdStart, publishingOutbox, sqsLambdaHandler, type SqsLambdaHandler } from '@episodic/messaging';
import { createObjectStore } from '@episodic/storage';
import { readProcessingLambdaConfig } from './config.ts';
import { episodeEvents } from './domain/episode-lifecycle.ts';
import { createProcessing } from './processing.ts';

/** Only API requests ask catalog about an episode; the consumer never does, and a Lambda cannot reach http://catalog:3001. */
const NO_CATALOG = { url: 'http://catalog.invalid', timeoutMs: 1000 };

/**
 * processing's consumer of catalog's episode.* events as an AWS Lambda on its queue (SQS event
 * source with ReportBatchItemFailures): the handler main.ts runs, built once per cold start;
 * outbox events are published after each batch.
 *
 * The processing-jobs worker is NOT offered as a Lambda: a job runs ffmpeg for minutes on long
 * videos (past what a Lambda is for, and past its 15-minute ceiling), keeps its message with
 * visibility heartbeats and hands it back on SIGTERM. It stays on ECS Fargate (main.ts).
 *
 *   const { batchItemFailures } = await createHandler({ DATABASE_URL: 'postgres://...', CATALOG_URL: 'http://catalog:3001' })(sqsEvent);
 */
export function createHandler(env: Record<string, string | undefined> = process.env, secrets?: SecretsManagerClient): SqsLambdaHandler {
  return onColdStart(async () => {
    const config = readProcessingLambdaConfig(await withDatabaseSecret(env, secrets));
    const logger = createLogger({ name: 'processing', level: config.LOG_LEVEL });
    const sequelize = createSequelize({ ...connectionOf(config), logger, poolMax: 2 });
    const aws = createAwsClients(awsSettingsOf(config));
    const outbox = createOutboxRelay({ sequelize, sns: aws.sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, logger });
    const processing = createProcessing({
      sequelize,
      store: createObjectStore({ s3: aws.s3, bucket: config.S3_BUCKET, timeoutMs: config.S3_TIMEOUT_MS }),
      outbox,
      topic: config.PROCESSING_TOPIC,
      catalog: NO_CATALOG,
      maxRetries: config.JOB_MAX_RETRIES,
      urlExpiresSeconds: config.S3_URL_EXPIRES_SECONDS,
      maxVideoBytes: config.VIDEO_MAX_BYTES,
    });
    return publishingOutbox(sqsLambdaHandler({ handler: episodeEvents(processing.lifecycle, logger), logger }), outbox, logger, env);
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
