import { expect } from 'chai';
import { createLogger } from '@episodic/core';
import { makeTestCertificates, startPostgres, type EmbeddedDatabase, type TestCertificates } from '@episodic/testing';
import { connectionOf, openDatabase, type DatabaseConfig } from '../src/index.ts';

const logger = createLogger({ name: 'db-tls-test', level: 'silent' });

describe('db: TLS to PostgreSQL (DATABASE_SSL)', () => {
  let certs: TestCertificates;
  let postgres: EmbeddedDatabase;

  before(async () => {
    certs = await makeTestCertificates(['127.0.0.1']);
    postgres = await startPostgres({ tls: { certificate: certs.certificate, key: certs.key, only: true } });
    await postgres.ensureDatabase('tls_check');
  });
  after(async () => {
    await postgres?.stop();
    await certs?.remove();
  });

  const settings = (overrides: Partial<DatabaseConfig>): DatabaseConfig => ({
    DATABASE_URL: undefined,
    DATABASE_HOST: '127.0.0.1',
    DATABASE_PORT: postgres.port,
    DATABASE_NAME: 'tls_check',
    DATABASE_USER: 'postgres',
    DATABASE_PASSWORD: 'postgres',
    DATABASE_SSL: 'disable',
    DATABASE_SSL_CA_FILE: undefined,
    ...overrides,
  });

  /** Opens the database with these settings, asks whether the session is encrypted, closes it. */
  async function sessionEncrypted(config: DatabaseConfig): Promise<boolean> {
    const sequelize = await openDatabase({ ...connectionOf(config), logger, poolMax: 1 });
    try {
      const [rows] = await sequelize.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return (rows as { ssl: boolean }[])[0]!.ssl;
    } finally {
      await sequelize.close();
    }
  }

  const failureOf = (config: DatabaseConfig) => sessionEncrypted(config).then(() => 'connected', (error: Error) => `${error.name}: ${error.message}`);

  it('When verify-full trusts the CA that signed the server certificate, then it connects over TLS', async () => {
    expect(await sessionEncrypted(settings({ DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: certs.caFile }))).to.equal(true);
  });

  it('When verify-full trusts another CA, then opening fails saying the certificate is not trusted', async () => {
    const failure = await failureOf(settings({ DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: certs.otherCaFile }));
    expect(failure).to.match(/^DatabaseUnavailable: the database 127\.0\.0\.1:\d+\/tls_check is unavailable \(TLS: verify-full\): .*unable to verify the first certificate/);
  });

  it('When verify-full uses the default Amazon RDS bundle, then a server signed by another CA is refused', async () => {
    const failure = await failureOf(settings({ DATABASE_SSL: 'verify-full' }));
    expect(failure).to.match(/DatabaseUnavailable: .*certificate/i);
  });

  it('When the server certificate is not issued for the host connected to, then verify-full refuses it', async () => {
    const failure = await failureOf(settings({ DATABASE_HOST: 'localhost', DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: certs.caFile }));
    expect(failure).to.match(/DatabaseUnavailable: the database localhost:\d+\/tls_check .*Hostname\/IP does not match certificate's altnames/);
  });

  it('When require is set, then it connects encrypted without checking the certificate', async () => {
    expect(await sessionEncrypted(settings({ DATABASE_SSL: 'require' }))).to.equal(true);
  });

  it('When TLS is disabled, then the server refuses the connection (hostssl only)', async () => {
    const failure = await failureOf(settings({ DATABASE_SSL: 'disable' }));
    expect(failure).to.match(/DatabaseUnavailable: .*\(TLS: off\): .*pg_hba\.conf.*no encryption/);
  });
});
