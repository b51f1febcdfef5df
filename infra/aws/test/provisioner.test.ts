import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { makeTestCertificates, startPostgres, startSecretsManagerStandIn, type EmbeddedDatabase, type SecretsManagerStandIn, type TestCertificates } from '@episodic/testing';
import { provisionAll } from '../src/provisioning/handler.ts';

const ADMIN_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:admin';
const SERVICES = { catalog: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:catalog', audit: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:audit' };

describe('infra/aws: the provisioning Lambda against PostgreSQL with TLS only', () => {
  let certs: TestCertificates;
  let postgres: EmbeddedDatabase;
  let standIn: SecretsManagerStandIn;
  let secrets: SecretsManagerClient;
  let env: Record<string, string>;
  const rdsSecret = (name: string) => ({ username: name, password: `${name}-secret-password`, host: '127.0.0.1', port: postgres.port, dbname: name, engine: 'postgres' });

  before(async function () {
    this.timeout(60_000);
    certs = await makeTestCertificates(['127.0.0.1']);
    postgres = await startPostgres({ tls: { certificate: certs.certificate, key: certs.key, only: true } });
    const admin = new URL(postgres.url('postgres'));
    standIn = await startSecretsManagerStandIn({
      [ADMIN_ARN]: { username: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password), host: '127.0.0.1', port: postgres.port },
      [SERVICES.catalog]: rdsSecret('catalog'),
      [SERVICES.audit]: rdsSecret('audit'),
    });
    secrets = new SecretsManagerClient({ region: 'us-east-1', endpoint: standIn.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    env = { ADMIN_SECRET_ARN: ADMIN_ARN, SERVICE_SECRET_ARNS: JSON.stringify(SERVICES), DATABASE_SSL_CA_FILE: certs.caFile };
  });
  after(async () => {
    await standIn?.close();
    await postgres?.stop();
    await certs?.remove();
  });

  const connectAs = async (service: 'catalog' | 'audit') => {
    const client = new pg.Client({ host: '127.0.0.1', port: postgres.port, user: service, password: `${service}-secret-password`, database: service, ssl: { ca: readFileSync(certs.caFile, 'utf8') } });
    await client.connect();
    return client;
  };

  it('When the trigger runs it twice, then each service logs in over TLS to its own database with the password from its secret', async () => {
    const lines: Record<string, unknown>[] = [];
    for (let run = 0; run < 2; run += 1) {
      expect(await provisionAll(env, { secrets, log: (line) => lines.push(line) })).to.deep.equal({ provisioned: ['catalog', 'audit'] });
    }
    expect(lines.map((line) => line['service'])).to.deep.equal(['catalog', 'audit', 'catalog', 'audit']);
    const client = await connectAs('audit');
    try {
      const { rows } = await client.query('SELECT current_user AS who, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(rows[0]).to.deep.equal({ who: 'audit', ssl: true });
    } finally {
      await client.end();
    }
  });

  it('When the server certificate is not signed by a trusted CA, then the provisioner refuses to connect', async () => {
    const failure = await provisionAll({ ...env, DATABASE_SSL_CA_FILE: certs.otherCaFile }, { secrets, log: () => undefined }).then(() => undefined, (error: Error) => error);
    expect(failure?.message).to.match(/certificate/i);
  });

  it('When a setting is missing, then it fails naming it', async () => {
    const failure = await provisionAll({ ADMIN_SECRET_ARN: ADMIN_ARN }, { secrets }).then(() => undefined, (error: Error) => error);
    expect(failure?.message).to.equal('SERVICE_SECRET_ARNS is not set');
  });
});
