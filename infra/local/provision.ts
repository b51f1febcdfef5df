/**
 * Provisions an existing environment (docker compose, a staging stack): applies the topology
 * to the SNS/SQS/S3 endpoint and every service's migrations to its database, then exits.
 * Reads AWS_REGION, AWS_ENDPOINT (optional), CATALOG_DATABASE_URL, MEDIA_DATABASE_URL,
 * PROCESSING_DATABASE_URL and AUDIT_DATABASE_URL (each as its database's owner), and
 * AUDIT_SERVICE_LOGIN_USER / AUDIT_SERVICE_LOGIN_PASSWORD: the login audit itself connects with,
 * created after audit's migrations (a member of the writer role only; see docs/AUDIT.md).
 */
import { join, resolve } from 'node:path';
import { createLogger, loadConfig } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { ensureServiceLogin } from '@episodic/audit/service-login';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TOPOLOGY } from '../topology.ts';

const config = loadConfig({
  AWS_REGION: { type: 'string', default: 'us-east-1', description: 'AWS region.' },
  AWS_ENDPOINT: { type: 'string', optional: true, description: 'SNS/SQS/S3 endpoint (an emulator); unset for AWS.' },
  CATALOG_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the catalog database.' },
  MEDIA_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the media database.' },
  PROCESSING_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the processing database.' },
  AUDIT_DATABASE_URL: { type: 'string', description: 'PostgreSQL URL of the audit database.' },
  AUDIT_SERVICE_LOGIN_USER: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', description: 'The login role audit connects as.' },
  AUDIT_SERVICE_LOGIN_PASSWORD: { type: 'string', secret: true, description: 'Its password.' },
});
const log = createLogger({ name: 'provision' });
const repoRoot = resolve(import.meta.dirname, '../..');

await applyTopology(TOPOLOGY, createAwsClients({ region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT }));
log.info('topology applied');
for (const [service, url] of [['catalog', config.CATALOG_DATABASE_URL], ['media', config.MEDIA_DATABASE_URL], ['processing', config.PROCESSING_DATABASE_URL], ['audit', config.AUDIT_DATABASE_URL]] as const) {
  const sequelize = createSequelize({ url, logger: log, poolMax: 1 });
  const applied = await migrateUp(sequelize, join(repoRoot, 'migrations', service), log);
  log.info({ service, applied }, 'migrations applied');
  if (service === 'audit') {
    await ensureServiceLogin(sequelize, { user: config.AUDIT_SERVICE_LOGIN_USER, password: config.AUDIT_SERVICE_LOGIN_PASSWORD });
    log.info({ login: config.AUDIT_SERVICE_LOGIN_USER }, "audit's service login provisioned");
  }
  await sequelize.close();
}
