import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger, type ConfigSpec } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { createAwsClients, createEvent, type AwsClients, type SqsLambdaHandler } from '@episodic/messaging';
import { MEDIA_BUCKET, TOPICS } from '@episodic/infra';
import {
  episodeCreatedEvent, makeTestCertificates, sqsEventVia, startPostgres, startSecretsManagerStandIn, testEnvironment,
  type EmbeddedDatabase, type SecretsManagerStandIn, type TestCertificates,
} from '@episodic/testing';
import { AUDIT_LAMBDA_CONFIG } from '../../../services/audit/src/config.ts';
import { CATALOG_LAMBDA_CONFIG } from '../../../services/catalog/src/config.ts';
import { MEDIA_LAMBDA_CONFIG } from '../../../services/media/src/config.ts';
import { PROCESSING_LAMBDA_CONFIG } from '../../../services/processing/src/config.ts';
import { createHandler as auditLambda } from '../../../services/audit/src/lambda.ts';
import { createHandler as catalogLambda } from '../../../services/catalog/src/lambda.ts';
import { createHandler as mediaLambda } from '../../../services/media/src/lambda.ts';
import { createHandler as processingLambda } from '../../../services/processing/src/lambda.ts';
import { SYNTH_TIMEOUT_MS, synthesize } from './synthesized.ts';

type Consumer = 'audit' | 'catalog' | 'media' | 'processing';
type LambdaFactory = (env: Record<string, string | undefined>, secrets?: SecretsManagerClient) => SqsLambdaHandler;
const LAMBDAS: Record<Consumer, { spec: ConfigSpec; create: LambdaFactory }> = {
  audit: { spec: AUDIT_LAMBDA_CONFIG, create: auditLambda },
  catalog: { spec: CATALOG_LAMBDA_CONFIG, create: catalogLambda },
  media: { spec: MEDIA_LAMBDA_CONFIG, create: mediaLambda },
  processing: { spec: PROCESSING_LAMBDA_CONFIG, create: processingLambda },
};
const logger = createLogger({ name: 'lambda-environment-test', level: 'silent' });

/**
 * The environment contract of the consumer Lambdas: with every consumer on Lambda, each function
 * runs with exactly the variables the template gives it (tokens and the secret swapped for local
 * ones by name, the database over verify-full TLS) and handles a real event from the emulator.
 */
describe('infra/aws: each consumer Lambda runs with its synthesized environment', function () {
  this.timeout(SYNTH_TIMEOUT_MS + 120_000);
  let aws: AwsClients;
  let endpoint: string;
  let certs: TestCertificates;
  let postgres: EmbeddedDatabase;
  let secrets: SecretsManagerStandIn;
  let functions: [Consumer, Record<string, unknown>][];
  const secretArn = (consumer: Consumer) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:episodic/${consumer}-AbCdEf`;

  before(async () => {
    const { template } = synthesize({ consumers: 'audit:lambda,catalog:lambda,media:lambda,processing:lambda' });
    const found = Object.entries(template.findResources('AWS::Lambda::Function')) as [string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }][];
    functions = (Object.keys(LAMBDAS) as Consumer[]).map((consumer) => {
      const fn = found.find(([id]) => id.startsWith(`Consumer${consumer}Function`));
      expect(fn, `the ${consumer} consumer function`).to.not.equal(undefined);
      return [consumer, fn![1].Properties.Environment?.Variables ?? {}];
    });
    const env = await testEnvironment();
    endpoint = env.emulator.endpoint;
    aws = createAwsClients({ region: env.emulator.region, endpoint, credentials: env.emulator.credentials });
    certs = await makeTestCertificates(['127.0.0.1']);
    postgres = await startPostgres({ tls: { certificate: certs.certificate, key: certs.key, only: true } });
    for (const [consumer, variables] of functions) {
      const database = String(variables['DATABASE_NAME']);
      await postgres.ensureDatabase(database);
      const sequelize = createSequelize({ host: '127.0.0.1', port: postgres.port, database, user: 'postgres', password: 'postgres', ssl: { rejectUnauthorized: false }, logger, poolMax: 2 });
      await migrateUp(sequelize, fileURLToPath(new URL(`../../../migrations/${consumer}`, import.meta.url)));
      await sequelize.close();
    }
    secrets = await startSecretsManagerStandIn(Object.fromEntries(functions.map(([consumer, variables]) => [secretArn(consumer), { username: 'postgres', password: 'postgres', dbname: variables['DATABASE_NAME'] }])));
  });
  after(async () => {
    await secrets?.close();
    await postgres?.stop();
    await certs?.remove();
  });

  /** The local value of one variable, by name, or an error naming it. */
  function localValue(consumer: Consumer, name: string, value: unknown): string {
    switch (name) {
      case 'DATABASE_HOST': return '127.0.0.1';
      case 'DATABASE_PORT': return String(postgres.port);
      case 'DATABASE_SECRET_ARN': return secretArn(consumer);
      case 'S3_BUCKET': return MEDIA_BUCKET;
    }
    if (typeof value === 'string') return value;
    throw new Error(`${consumer}: no local stand-in for ${name} = ${JSON.stringify(value)}`);
  }

  function handlerOf(consumer: Consumer): SqsLambdaHandler {
    const variables = functions.find(([name]) => name === consumer)![1];
    const unread = Object.keys(variables).filter((name) => !(name in LAMBDAS[consumer].spec));
    expect(unread, `variables the ${consumer} Lambda does not read (misnamed?)`).to.deep.equal([]);
    const env: Record<string, string> = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, localValue(consumer, name, value)]));
    // Where the AWS APIs are here, and the CA of the local server (RDS's bundle does not sign it).
    Object.assign(env, { AWS_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', DATABASE_SSL_CA_FILE: certs.caFile });
    return LAMBDAS[consumer].create(env, new SecretsManagerClient({ endpoint: secrets.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }));
  }

  for (const consumer of ['audit', 'media', 'processing'] as const) {
    it(`When the ${consumer} Lambda gets a real episode.created, then it handles it`, async () => {
      const created = episodeCreatedEvent(500 + ['audit', 'media', 'processing'].indexOf(consumer));
      const event = await sqsEventVia(aws, TOPICS.catalog, [{ body: JSON.stringify(created), type: created.type }]);
      expect(await handlerOf(consumer)(event)).to.deep.equal({ batchItemFailures: [] });
    });
  }

  it('When the catalog Lambda gets a real processing event, then it handles it', async () => {
    const started = createEvent({
      source: 'episodic/processing', type: 'processing.started', subject: 'episodes/999', correlationId: randomUUID(),
      actor: { user_id: 'editor-1', roles: ['editor'], ip: null, user_agent: null },
      data: { job: { id: 1, episode_id: 999, job_type: 'metadata_extraction', status: 'processing', sqs_message_id: null, job_config: {}, error_message: null, retry_count: 0, max_retries: 3, created_at: '2026-01-06T11:00:00.000Z', started_at: '2026-01-06T11:00:01.000Z', completed_at: null } },
    });
    const event = await sqsEventVia(aws, TOPICS.processing, [{ body: JSON.stringify(started), type: started.type }]);
    expect(await handlerOf('catalog')(event)).to.deep.equal({ batchItemFailures: [] });
  });
});
