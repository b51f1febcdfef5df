import { loadConfig, type ConfigOf } from '@episodic/core';
import { COGNITO_SETTINGS } from '@episodic/auth';
import { GATEWAY_CONTEXT_SETTINGS } from '@episodic/http';
import { connectionOf, DATABASE_SECRET_SETTINGS, databaseSettings } from '@episodic/db';
import { AWS_SETTINGS } from '@episodic/messaging';
import { TRACING_SETTINGS } from '@episodic/tracing';
import { COMPLIANCE_SETTINGS } from './compliance-settings.ts';

const LOG_LEVEL = { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' } as const;
const AUDIT_DATABASE_SETTINGS = databaseSettings('audit', 'activity_logs, inbox');

/** Every setting the audit service reads (the README's configuration table lists them). */
export const AUDIT_CONFIG = {
  ...AWS_SETTINGS,
  ...TRACING_SETTINGS,
  ...COGNITO_SETTINGS,
  ...GATEWAY_CONTEXT_SETTINGS,
  PORT: { type: 'integer', default: 3002, minimum: 0, maximum: 65535, description: 'TCP port of the audit API (0 picks a free port). Only the gateway should reach it.' },
  HOST: { type: 'string', default: '127.0.0.1', description: 'Interface to listen on; 0.0.0.0 in a container.' },
  LOG_LEVEL,
  ...AUDIT_DATABASE_SETTINGS,
  MIGRATE_ON_START: { type: 'boolean', default: false, description: 'Apply pending migrations from migrations/audit before serving, under an advisory lock (replicas starting together migrate once); `npm start` migrates by itself.' },
  AUDIT_QUEUE_NAME: { type: 'string', default: 'audit-events', description: 'SQS queue (name) of the domain events audit records (catalog, media, processing); its DLQ is <name>-dlq.' },
  AUDIT_ACCESS_QUEUE_NAME: { type: 'string', default: 'audit-access-events', description: 'SQS queue (name) of the access records and gateway announcements audit records, apart from domain events so a write\'s row never waits behind a read flood; its DLQ is <name>-dlq.' },
  AUDIT_ACCESS_BATCH_WINDOW_MS: { type: 'integer', default: 100, minimum: 0, maximum: 5000, description: 'After a receive of fewer than 10 access records, wait this long before the next, so a trickle of reads is recorded in fuller (cheaper) batches; an access row may lag its read by this much more. Domain events never wait.' },
  AUDIT_ACCESS_CONSUMERS: { type: 'integer', default: 2, minimum: 1, maximum: 10, description: 'Batches of access records in hand at once: while one is recorded under the chain lock, the next is received and checked (two drained a backlog 1.2 to 1.7 times as fast as one, measured on a busy 2-core machine; more only queue on the lock).' },
  SQS_WAIT_SECONDS: { type: 'integer', default: 20, minimum: 0, maximum: 20, description: 'Long-poll wait of each SQS receive.' },
  AUDIT_CONSUMER_ENABLED: { type: 'boolean', default: true, description: 'Consume AUDIT_QUEUE_NAME and AUDIT_ACCESS_QUEUE_NAME in this process; false when the audit consumers run as Lambdas (infra/aws) and this process only serves the API.' },
  ...COMPLIANCE_SETTINGS,
} as const;

export type AuditConfig = ConfigOf<typeof AUDIT_CONFIG>;

export function readAuditConfig(env: Record<string, string | undefined> = process.env): AuditConfig {
  const config = loadConfig(AUDIT_CONFIG, env);
  connectionOf(config);
  return config;
}

/** What audit's activity recorder reads when it runs as a Lambda (src/lambda.ts): no HTTP, no queue name. */
export const AUDIT_LAMBDA_CONFIG = {
  LOG_LEVEL,
  ...AUDIT_DATABASE_SETTINGS,
  ...DATABASE_SECRET_SETTINGS,
} as const;

export type AuditLambdaConfig = ConfigOf<typeof AUDIT_LAMBDA_CONFIG>;

export function readAuditLambdaConfig(env: Record<string, string | undefined>): AuditLambdaConfig {
  return loadConfig(AUDIT_LAMBDA_CONFIG, env);
}
