/**
 * Provisions an existing environment (docker compose, a staging stack): applies the topology
 * to the SNS/SQS/S3 endpoint and every service's migrations to its database, then exits.
 * Reads AWS_REGION, AWS_ENDPOINT (optional), CATALOG_DATABASE_URL, MEDIA_DATABASE_URL,
 * PROCESSING_DATABASE_URL and AUDIT_DATABASE_URL.
 */
import { join, resolve } from 'node:path';
import { createLogger, loadConfig } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TOPOLOGY } from '../topology.ts';

const config = loadConfig({
  AWS_REGION: { type: 'string', default: 'us-east-1', description: 'AWS region.' },
  AWS_ENDPOINT: { type: 'string', optional: true, description: 'SNS/SQS/S3 endpoint (an emulator); unset for AWS.' },
  CATALOG_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the catalog database.' },
  MEDIA_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the media database.' },
  PROCESSING_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the processing database.' },
  AUDIT_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the audit database.' },
});
const log = createLogger({ name: 'provision' });
const repoRoot = resolve(import.meta.dirname, '../..');

await applyTopology(TOPOLOGY, createAwsClients({ region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT }));
log.info('topology applied');
for (const [service, url] of [['catalog', config.CATALOG_DATABASE_URL], ['media', config.MEDIA_DATABASE_URL], ['processing', config.PROCESSING_DATABASE_URL], ['audit', config.AUDIT_DATABASE_URL]] as const) {
  const sequelize = createSequelize({ url, logger: log, poolMax: 1 });
  const applied = await migrateUp(sequelize, join(repoRoot, 'migrations', service), log);
  log.info({ service, applied }, 'migrations applied');
  await sequelize.close();
}
