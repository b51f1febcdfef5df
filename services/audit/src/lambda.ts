import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '@episodic/core';
import { connectionOf, createSequelize, withDatabaseSecret } from '@episodic/db';
import { onColdStart, sqsLambdaHandler, type SqsLambdaHandler } from '@episodic/messaging';
import { readAuditLambdaConfig } from './config.ts';
import { recordActivities } from './consumers/record-activity.ts';
import { createActivityRepository } from './data/activity-repository.ts';

/**
 * audit's activity recorder as an AWS Lambda on the audit queues (audit-events and
 * audit-access-events, each an SQS event source with ReportBatchItemFailures): the same batch
 * handler main.ts runs in its long-polling consumers, one transaction per batch. The
 * database settings come from `env`, with DATABASE_SECRET_ARN resolved once per cold start.
 * Pass `secrets` to reach a Secrets Manager other than the region's own.
 *
 *   const handler = createHandler({ DATABASE_URL: 'postgres://...' });
 *   const { batchItemFailures } = await handler(sqsEvent);
 */
export function createHandler(env: Record<string, string | undefined> = process.env, secrets?: SecretsManagerClient): SqsLambdaHandler {
  return onColdStart(async () => {
    const config = readAuditLambdaConfig(await withDatabaseSecret(env, secrets));
    const logger = createLogger({ name: 'audit', level: config.LOG_LEVEL });
    // A batch is one transaction (and its fallback records one at a time), so two connections are plenty.
    const sequelize = createSequelize({ ...connectionOf(config), logger, poolMax: 2 });
    return sqsLambdaHandler({ batchHandler: recordActivities(createActivityRepository(sequelize), logger), logger });
  });
}

/** The Lambda entry point (infra/aws bundles this file). */
export const handler = createHandler();
