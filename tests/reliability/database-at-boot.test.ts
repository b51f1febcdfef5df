import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TOPOLOGY } from '@episodic/infra';
import { freePort, launchService, makeTestCertificates, startPostgres, testEnvironment, type EmbeddedDatabase, type TestCertificates } from '@episodic/testing';

const entry = (service: string) => fileURLToPath(new URL(`../../services/${service}/src/main.ts`, import.meta.url));
/** Any key of 32+ characters: the signed gateway context is not what these tests are about. */
const CONTEXT_KEY = 'database-at-boot-test-gateway-context-key';

/** What every service needs besides its database, pointing at the shared test environment. */
async function baseEnvironment(port: number): Promise<Record<string, string>> {
  const env = await testEnvironment();
  return {
    PORT: String(port),
    LOG_LEVEL: 'info',
    AWS_ENDPOINT: env.emulator.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    COGNITO_ISSUER: env.issuer.issuer,
    COGNITO_JWKS_URL: env.issuer.jwksUrl,
    COGNITO_CLIENT_IDS: env.issuer.clientId,
    GATEWAY_CONTEXT_KEY: CONTEXT_KEY,
    CATALOG_URL: 'http://127.0.0.1:1',
  };
}

/** Launches a service expected not to start; resolves with its output lines. */
async function failedBoot(service: string, env: Record<string, string>): Promise<string[]> {
  const port = Number(env['PORT']);
  const outcome = await launchService({ name: service, entry: entry(service), env, readyUrl: `http://127.0.0.1:${port}/ready`, timeoutMs: 40_000 })
    .then(async (started) => { await started.stop(); return 'started'; }, (error: Error) => error.message);
  expect(outcome, `${service} should not start`).to.match(new RegExp(`${service} exited \\(code 1\\) before it was ready`));
  return outcome.split('\n').slice(1);
}

const fatalLines = (lines: string[]) => lines.filter((line) => line.includes('"level":60'));

describe('reliability: the database at boot', function () {
  // Each test starts a service process: seconds of module loading on a busy machine.
  this.timeout(60_000);

  for (const service of ['catalog', 'media', 'processing', 'audit']) {
    it(`When ${service}'s database is unreachable at boot, then it logs one line naming the database and exits 1`, async () => {
      const [port, nothing] = [await freePort(), await freePort()];
      const lines = await failedBoot(service, { ...(await baseEnvironment(port)), DATABASE_URL: `postgres://u:p@127.0.0.1:${nothing}/episodic_${service}` });
      const fatal = fatalLines(lines);
      expect(fatal, lines.join('\n')).to.have.length(1);
      expect(JSON.parse(fatal[0]!).msg).to.equal(`cannot start: the database 127.0.0.1:${nothing}/episodic_${service} is unavailable (TLS: off): connect ECONNREFUSED 127.0.0.1:${nothing}`);
      expect(lines.join('\n'), 'no stack trace, no password').not.to.match(/ {4}at |u:p@/);
    });
  }

  describe('with a PostgreSQL that admits TLS connections only', () => {
    let certs: TestCertificates;
    let postgres: EmbeddedDatabase;
    before(async () => {
      certs = await makeTestCertificates(['127.0.0.1']);
      postgres = await startPostgres({ tls: { certificate: certs.certificate, key: certs.key, only: true } });
      await postgres.ensureDatabase('episodic_catalog');
      const env = await testEnvironment();
      await applyTopology(TOPOLOGY, createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials }));
    });
    after(async () => {
      await postgres?.stop();
      await certs?.remove();
    });

    const databaseParts = (ssl: string) => ({
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(postgres.port),
      DATABASE_NAME: 'episodic_catalog',
      DATABASE_USER: 'postgres',
      DATABASE_PASSWORD: 'postgres',
      DATABASE_SSL: ssl,
      DATABASE_SSL_CA_FILE: certs.caFile,
      MIGRATE_ON_START: 'true',
    });

    it('When catalog boots with DATABASE_SSL=verify-full and the CA, then it migrates over TLS and /ready answers 200', async () => {
      const port = await freePort();
      const catalog = await launchService({ name: 'catalog', entry: entry('catalog'), env: { ...(await baseEnvironment(port)), ...databaseParts('verify-full') }, readyUrl: `http://127.0.0.1:${port}/ready`, timeoutMs: 40_000 });
      try {
        const ready = await fetch(`http://127.0.0.1:${port}/ready`);
        expect(ready.status).to.equal(200);
        expect(catalog.logs().join('\n')).to.include('migrations applied');
      } finally {
        expect(await catalog.stop()).to.equal(0);
      }
    });

    it('When catalog boots with DATABASE_SSL=disable, then the server refuses it and it exits 1 saying so', async () => {
      const port = await freePort();
      const lines = await failedBoot('catalog', { ...(await baseEnvironment(port)), ...databaseParts('disable') });
      const [fatal] = fatalLines(lines);
      expect(JSON.parse(fatal!).msg).to.match(/^cannot start: the database 127\.0\.0\.1:\d+\/episodic_catalog is unavailable \(TLS: off\): pg_hba\.conf rejects connection for host "127\.0\.0\.1".* no encryption$/);
    });
  });
});
