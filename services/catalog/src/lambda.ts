import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '@episodic/core';
import { connectionOf, createSequelize, withDatabaseSecret } from '@episodic/db';
import { awsSettingsOf, createAwsClients, createOutboxRelay, onColdStart, publishingOutbox, sqsLambdaHandler, type SqsLambdaHandler } from '@episodic/messaging';
import { readCatalogLambdaConfig } from './config.ts';
import { processingEvents } from './consumers/processing-events.ts';
import { createCatalog } from './domain/catalog.ts';

/**
 * catalog's consumer of processing's events as an AWS Lambda on its queue (SQS event source
 * with ReportBatchItemFailures): the handler main.ts runs in its long-polling consumer, built
 * once per cold start. The events it writes to the outbox are published after each batch.
 *
 *   const { batchItemFailures } = await createHandler({ DATABASE_URL: 'postgres://...' })(sqsEvent);
 */
export function createHandler(env: Record<string, string | undefined> = process.env, secrets?: SecretsManagerClient): SqsLambdaHandler {
  return onColdStart(async () => {
    const config = readCatalogLambdaConfig(await withDatabaseSecret(env, secrets));
    const logger = createLogger({ name: 'catalog', level: config.LOG_LEVEL });
    const sequelize = createSequelize({ ...connectionOf(config), logger, poolMax: 2 });
    const aws = createAwsClients(awsSettingsOf(config));
    const outbox = createOutboxRelay({ sequelize, sns: aws.sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, logger });
    const catalog = createCatalog({ sequelize, outbox, topic: config.CATALOG_TOPIC });
    return publishingOutbox(sqsLambdaHandler({ handler: processingEvents(catalog, logger), logger }), outbox, logger, env);
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
