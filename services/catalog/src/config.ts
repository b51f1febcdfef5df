import { loadConfig, type ConfigOf } from '@episodic/core';
import { COGNITO_SETTINGS } from '@episodic/auth';
import { GATEWAY_CONTEXT_SETTINGS } from '@episodic/http';
import { connectionOf, databaseSettings } from '@episodic/db';
import { AWS_SETTINGS, lambdaSettings } from '@episodic/messaging';
import { TRACING_SETTINGS } from '@episodic/tracing';
import { OUTBOX_HISTORY_SETTINGS } from '@episodic/operations';

/**
 * Every setting the catalog service reads from its environment. The README's configuration
 * table is generated from these descriptions, so each says what the setting is for.
 */
export const CATALOG_CONFIG = {
  ...AWS_SETTINGS,
  ...TRACING_SETTINGS,
  ...OUTBOX_HISTORY_SETTINGS,
  ...COGNITO_SETTINGS,
  ...GATEWAY_CONTEXT_SETTINGS,
  PORT: { type: 'integer', default: 3001, minimum: 0, maximum: 65535, description: 'TCP port of the catalog API (0 picks a free port). Only the gateway should reach it.' },
  HOST: { type: 'string', default: '127.0.0.1', description: 'Interface to listen on; 0.0.0.0 in a container so the gateway can reach it.' },
  LOG_LEVEL: { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' },
  ...databaseSettings('catalog', 'episodes, metadata_storage, outbox, inbox'),
  DATABASE_POOL_MAX: { type: 'integer', default: 10, minimum: 1, description: 'Connections catalog may hold open to its database (the outbox relay uses one of them while publishing).' },
  MIGRATE_ON_START: { type: 'boolean', default: false, description: 'Apply pending migrations from migrations/catalog before serving, under an advisory lock (replicas starting together migrate once); `npm start` migrates by itself, so this is for deployments without a separate migrate step.' },
  CATALOG_TOPIC: { type: 'string', default: 'catalog-events', description: 'SNS topic (name) catalog publishes episode.* and metadata.* events to.' },
  CATALOG_CONSUMER_ENABLED: { type: 'boolean', default: true, description: "Consume CATALOG_QUEUE_NAME in this process; false when catalog's consumer of processing events runs as a Lambda (src/lambda.ts) and this process only serves the API and relays the outbox." },
  CATALOG_QUEUE_NAME: { type: 'string', default: 'catalog-processing-events', description: "SQS queue (name) of processing's video.uploaded and processing.* events for catalog; its DLQ is <name>-dlq." },
  SQS_WAIT_SECONDS: { type: 'integer', default: 20, minimum: 0, maximum: 20, description: 'Long-poll wait of each receive on the queue.' },
  OUTBOX_POLL_INTERVAL_MS: { type: 'integer', default: 1000, minimum: 10, description: 'How often the outbox relay looks for unpublished events besides being woken by each commit; bounds the delay after SNS comes back.' },
  SNS_TOPIC_ARN_PREFIX: { type: 'string', default: 'arn:aws:sns:us-east-1:000000000000:', description: 'Topic ARN without the topic name (arn:aws:sns:<region>:<account>:).' },
} as const;

export type CatalogConfig = ConfigOf<typeof CATALOG_CONFIG>;

/** Reads and validates catalog's settings; a bad value stops the process naming the variable. */
export function readCatalogConfig(env: Record<string, string | undefined> = process.env): CatalogConfig {
  const config = loadConfig(CATALOG_CONFIG, env);
  connectionOf(config);
  return config;
}

/** What catalog's event consumer reads when it runs as a Lambda (src/lambda.ts): the settings above without those of serving HTTP, plus DATABASE_SECRET_ARN. */
export const CATALOG_LAMBDA_CONFIG = lambdaSettings(CATALOG_CONFIG);

export function readCatalogLambdaConfig(env: Record<string, string | undefined>): ConfigOf<typeof CATALOG_LAMBDA_CONFIG> {
  return loadConfig(CATALOG_LAMBDA_CONFIG, env);
}
