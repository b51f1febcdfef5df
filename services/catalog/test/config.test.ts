import { expect } from 'chai';
import { clientIdsOf } from '@episodic/auth';
import { awsSettingsOf } from '@episodic/messaging';
import { CATALOG_CONFIG, readCatalogConfig } from '../src/config.ts';

const awsCredentialsOf = (config: Parameters<typeof awsSettingsOf>[0]) => awsSettingsOf(config).credentials;

const REQUIRED = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/episodic_catalog',
  COGNITO_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x',
  COGNITO_CLIENT_IDS: 'a, b ,,c',
  GATEWAY_CONTEXT_KEY: 'k'.repeat(32),
};

describe('catalog/config', () => {
  it('When only the required settings are given, then the safe defaults fill the rest', () => {
    const config = readCatalogConfig(REQUIRED);
    expect(config).to.include({ PORT: 3001, HOST: '127.0.0.1', CATALOG_TOPIC: 'catalog-events', MIGRATE_ON_START: false, AWS_REGION: 'us-east-1' });
    expect(config).to.include({ CATALOG_QUEUE_NAME: 'catalog-processing-events', SQS_WAIT_SECONDS: 20 });
    expect(clientIdsOf(config)).to.deep.equal(['a', 'b', 'c']);
    expect(awsCredentialsOf(config)).to.equal(undefined);
  });

  it('When a setting is missing or malformed, then reading fails naming the variable', () => {
    expect(() => readCatalogConfig({ ...REQUIRED, DATABASE_URL: undefined })).to.throw(/set DATABASE_URL, or DATABASE_HOST, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD/);
    expect(() => readCatalogConfig({ ...REQUIRED, DATABASE_HOST: 'db' })).to.throw(/DATABASE_URL and DATABASE_HOST are both set/);
    expect(() => readCatalogConfig({ ...REQUIRED, PORT: 'eighty' })).to.throw(/PORT/);
    expect(() => readCatalogConfig({ ...REQUIRED, DATABASE_URL: 'mysql://x' })).to.throw(/DATABASE_URL/);
    expect(() => readCatalogConfig({ ...REQUIRED, SQS_WAIT_SECONDS: '21' })).to.throw(/SQS_WAIT_SECONDS/);
  });

  it('When both AWS keys are set, then they are used as explicit credentials', () => {
    const config = readCatalogConfig({ ...REQUIRED, AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' });
    expect(awsCredentialsOf(config)).to.deep.equal({ accessKeyId: 'id', secretAccessKey: 'secret' });
  });

  it('When the README table is generated, then every setting has a description', () => {
    for (const [name, setting] of Object.entries(CATALOG_CONFIG)) expect(setting.description.length, name).to.be.greaterThan(20);
  });
});
