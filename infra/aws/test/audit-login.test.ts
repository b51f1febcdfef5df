import { expect } from 'chai';
import pg from 'pg';
import { startPostgres, type EmbeddedDatabase } from '@episodic/testing';
import { provisionServiceDatabase } from '../src/provisioning/service-databases.ts';
import { migrateAndProvisionLogin, type AuditMigrateConfig } from '../../../services/audit/src/migrate.ts';

const OWNER = { database: 'audit', username: 'audit', password: 'audit-owner-password' };
const LOGIN = 'episodic_audit_service';

/**
 * Audit's init container (services/audit/src/migrate.ts) as infra/aws runs it: on a server of its
 * own whose admin is no superuser (as RDS's master), the provisioner makes `audit` the owner with
 * CREATEROLE; the init container migrates as that owner and provisions the login the service uses.
 */
describe("infra/aws: audit's init container against an RDS-like server", () => {
  let postgres: EmbeddedDatabase;
  const urlAs = (user: string, password: string, database = OWNER.database) => {
    const url = new URL(postgres.url(database));
    url.username = user;
    url.password = encodeURIComponent(password);
    return url.toString();
  };
  const config = (password: string): AuditMigrateConfig => ({
    LOG_LEVEL: 'silent', DATABASE_URL: urlAs(OWNER.username, OWNER.password), DATABASE_HOST: undefined, DATABASE_PORT: 5432, DATABASE_NAME: undefined,
    DATABASE_USER: undefined, DATABASE_PASSWORD: undefined, DATABASE_SSL: 'disable', DATABASE_SSL_CA_FILE: undefined,
    AUDIT_SERVICE_LOGIN_USER: LOGIN, AUDIT_SERVICE_LOGIN_PASSWORD: password,
  });
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };

  before(async function () {
    this.timeout(60_000);
    postgres = await startPostgres();
    const superuser = await connect(postgres.url('postgres'));
    await superuser.query("CREATE ROLE rds_admin LOGIN PASSWORD 'rds-admin-password' CREATEROLE CREATEDB");
    await superuser.end();
    const admin = await connect(urlAs('rds_admin', 'rds-admin-password', 'postgres'));
    await provisionServiceDatabase(admin, { ...OWNER, createRoles: true });
    await admin.end();
  });
  after(() => postgres?.stop());

  it('When it runs twice, the second time with a rotated password, then audit logs in with the new one only, and may read the log but not rewrite it', async function () {
    this.timeout(60_000);
    expect(await migrateAndProvisionLogin(config('first-login-password'))).to.include('04-compliance.ts');
    expect(await migrateAndProvisionLogin(config('rotated-login-password'))).to.deep.equal([]);

    const old = await connect(urlAs(LOGIN, 'first-login-password')).then(async (client) => { await client.end(); return undefined; }, (error: Error) => error.message);
    expect(old).to.match(/password authentication failed/);
    const service = await connect(urlAs(LOGIN, 'rotated-login-password'));
    try {
      const { rows } = await service.query('SELECT count(*)::int AS rows FROM activity_logs');
      expect(rows).to.deep.equal([{ rows: 0 }]);
      for (const rewrite of ["UPDATE activity_logs SET user_id = 'x'", 'DELETE FROM activity_logs', 'TRUNCATE activity_logs', 'ALTER TABLE activity_logs DISABLE TRIGGER ALL']) {
        const refused = await service.query(rewrite).then(() => undefined, (error: Error) => error.message);
        expect(refused, rewrite).to.match(/permission denied|must be owner/);
      }
    } finally {
      await service.end();
    }
  });
});
