/**
 * The audit database's deployment step, run as the database's OWNER before audit serves: applies
 * migrations/audit (under the migration lock), then creates or re-grants the login the service
 * itself connects as, a member of the writer role only (INSERT and SELECT on the log). The
 * service never holds the owner's password, so it cannot disable the append-only trigger, drop
 * the table or grant itself more.
 *
 * infra/aws runs it as the `audit-migrate` init container of each audit task (the service's
 * container starts only after it exited 0); docker compose's provision step does the same.
 *
 *   DATABASE_URL=<owner url> AUDIT_SERVICE_LOGIN_USER=episodic_audit_service AUDIT_SERVICE_LOGIN_PASSWORD=... node services/audit/src/migrate.ts
 */
import { fileURLToPath } from 'node:url';
import { createLogger, exitAtBoot, loadConfig, type ConfigOf } from '@episodic/core';
import { connectionOf, databaseSettings, migrateUp, openDatabase } from '@episodic/db';
import { ensureServiceLogin } from './data/service-login.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/audit', import.meta.url));

/** What the step reads: the owner's connection, and the login to create. */
export const AUDIT_MIGRATE_CONFIG = {
  LOG_LEVEL: { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' },
  ...databaseSettings('audit (as its owner)', 'activity_logs, inbox'),
  AUDIT_SERVICE_LOGIN_USER: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', description: 'The login role the audit service connects as (created or re-granted here: a member of episodic_audit_writer only).' },
  AUDIT_SERVICE_LOGIN_PASSWORD: { type: 'string', secret: true, pattern: '^.{16,}$', description: 'Its password (in AWS an ECS secret from the audit login secret); set again at every run, so a rotated secret takes effect.' },
} as const;

export type AuditMigrateConfig = ConfigOf<typeof AUDIT_MIGRATE_CONFIG>;

/** Migrations first (they create the writer role), then the login. Resolves with the migrations applied. */
export async function migrateAndProvisionLogin(config: AuditMigrateConfig): Promise<string[]> {
  const logger = createLogger({ name: 'audit-migrate', level: config.LOG_LEVEL });
  const owner = await openDatabase({ ...connectionOf(config), logger, poolMax: 1 });
  try {
    const applied = await migrateUp(owner, MIGRATIONS, logger);
    await ensureServiceLogin(owner, { user: config.AUDIT_SERVICE_LOGIN_USER, password: config.AUDIT_SERVICE_LOGIN_PASSWORD });
    logger.info({ applied, login: config.AUDIT_SERVICE_LOGIN_USER }, 'audit database migrated; service login provisioned');
    return applied;
  } finally {
    await owner.close();
  }
}

if (import.meta.main) {
  const logger = createLogger({ name: 'audit-migrate' });
  await migrateAndProvisionLogin(loadConfig(AUDIT_MIGRATE_CONFIG)).catch((error: unknown) => exitAtBoot(logger, error));
}
