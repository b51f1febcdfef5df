import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '@episodic/core';
import { connectionOf, createSequelize, withDatabaseSecret } from '@episodic/db';
import { awsSettingsOf, createAwsClients, createOutboxRelay, onColdStart, publishingOutbox, sqsLambdaHandler, type SqsLambdaHandler } from '@episodic/messaging';
import { createObjectStore } from '@episodic/storage';
import { readMediaLambdaConfig, renditionWidths } from './config.ts';
import { episodeEvents } from './consumers/episode-events.ts';
import { createMedia } from './media.ts';

/** Only API requests ask catalog about an episode; the consumer never does, and a Lambda cannot reach http://catalog:3001. */
const NO_CATALOG = { url: 'http://catalog.invalid', timeoutMs: 1000 };

/**
 * media's consumer of episode.* and processing.completed as an AWS Lambda on its queue (SQS
 * event source with ReportBatchItemFailures): the handler main.ts runs in its long-polling
 * consumer, built once per cold start. S3 objects of deleted thumbnails are left to the media
 * service's object sweeper, which polls the same table; outbox events are published after each batch.
 *
 *   const { batchItemFailures } = await createHandler({ DATABASE_URL: 'postgres://...', CATALOG_URL: 'http://catalog:3001' })(sqsEvent);
 */
export function createHandler(env: Record<string, string | undefined> = process.env, secrets?: SecretsManagerClient): SqsLambdaHandler {
  return onColdStart(async () => {
    const config = readMediaLambdaConfig(await withDatabaseSecret(env, secrets));
    const logger = createLogger({ name: 'media', level: config.LOG_LEVEL });
    const sequelize = createSequelize({ ...connectionOf(config), logger, poolMax: 2 });
    const aws = createAwsClients(awsSettingsOf(config));
    const outbox = createOutboxRelay({ sequelize, sns: aws.sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, logger });
    const media = createMedia({
      sequelize,
      store: createObjectStore({ s3: aws.s3, bucket: config.S3_BUCKET, timeoutMs: config.S3_TIMEOUT_MS }),
      outbox,
      topic: config.MEDIA_TOPIC,
      catalog: NO_CATALOG,
      images: { maxPixels: config.MEDIA_MAX_PIXELS, widths: renditionWidths(config.MEDIA_RENDITION_WIDTHS), concurrency: config.MEDIA_IMAGE_CONCURRENCY },
      urlExpiresSeconds: config.S3_URL_EXPIRES_SECONDS,
      uploadGraceSeconds: config.UPLOAD_GRACE_SECONDS,
      sweepSoon: () => undefined,
    });
    return publishingOutbox(sqsLambdaHandler({ handler: episodeEvents(media, logger), logger }), outbox, logger, env);
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
