import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Template } from 'aws-cdk-lib/assertions';
import { createLogger } from '@episodic/core';
import { createSequelize } from '@episodic/db';
import { applyTopology, createAwsClients, createEvent, type AwsClients } from '@episodic/messaging';
import { AUDIT_ARCHIVE_BUCKET, MEDIA_BUCKET, TOPICS, TOPOLOGY } from '@episodic/infra';
import {
  freePort, launchService, makeTestCertificates, receiveMessages, sqsRecordOf, startPostgres, startSecretsManagerStandIn, testEnvironment,
  type EmbeddedDatabase, type LaunchedService, type SecretsManagerStandIn, type TestCertificates, type TestEnvironment,
} from '@episodic/testing';
import { GATEWAY_CONFIG } from '../../../services/gateway/src/config.ts';
import { CATALOG_CONFIG } from '../../../services/catalog/src/config.ts';
import { AUDIT_CONFIG, AUDIT_LAMBDA_CONFIG } from '../../../services/audit/src/config.ts';
import { AUDIT_MIGRATE_CONFIG } from '../../../services/audit/src/migrate.ts';
import { MEDIA_CONFIG } from '../../../services/media/src/config.ts';
import { PROCESSING_CONFIG } from '../../../services/processing/src/config.ts';
import { createHandler as auditLambda } from '../../../services/audit/src/lambda.ts';
import { containerOf, SYNTH_TIMEOUT_MS, synthesize } from './synthesized.ts';

/**
 * The environment contract: each service boots with exactly the environment its synthesized ECS
 * task definition sets (and the audit Lambda runs with its function's), where only what cannot
 * exist here is swapped for a local stand-in, chosen by variable name: CloudFormation tokens
 * (RDS endpoint, topic and queue names, the bucket, Cognito), secrets, the service ports and
 * Service Connect names. A setting the template misses or misnames fails here, not in a deployment.
 */
type Service = 'gateway' | 'catalog' | 'audit' | 'media' | 'processing';
/** A task's containers: each service's own, and audit's init container that migrates as the owner. */
type Container = Service | 'audit-migrate';
const SPECS: Record<Container, object> = { gateway: GATEWAY_CONFIG, catalog: CATALOG_CONFIG, audit: AUDIT_CONFIG, media: MEDIA_CONFIG, processing: PROCESSING_CONFIG, 'audit-migrate': AUDIT_MIGRATE_CONFIG };
/** Started first: the gateway's upstream URLs name them. */
const BACKENDS: Service[] = ['catalog', 'audit', 'media', 'processing'];
/**
 * What the contract gives every task and function alike (NODE_OPTIONS is Node's own), whether
 * or not that service reads it (audit publishes nothing, yet gets SNS_TOPIC_ARN_PREFIX).
 */
const COMMON_SETTINGS = ['HOST', 'PORT', 'LOG_LEVEL', 'NODE_OPTIONS', 'AWS_REGION', 'SNS_TOPIC_ARN_PREFIX', 'COGNITO_ISSUER', 'COGNITO_JWKS_URL', 'COGNITO_CLIENT_IDS'];
const CONTEXT_KEY = 'environment-contract-test-gateway-context-key';
/** What audit's login secret holds here (the init container creates the login; the service and the Lambda connect with it). */
const AUDIT_LOGIN = { username: 'episodic_audit_service', password: 'contract-test-audit-login-password' };
const ACCOUNT_PREFIX = 'arn:aws:sns:us-east-1:000000000000:';

interface Local {
  env: TestEnvironment;
  postgres: EmbeddedDatabase;
  certs: TestCertificates;
  ports: Record<Service, number>;
  template: Template;
}

const entry = (service: Service) => fileURLToPath(new URL(`../../../services/${service}/src/main.ts`, import.meta.url));
const resources = (template: Template) => template.toJSON()['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** What a Service Connect URL (http://catalog:3001) is here. */
function localUrl(value: unknown, local: Local): string {
  const match = /^http:\/\/(gateway|catalog|audit|media|processing):(\d+)$/.exec(String(value));
  if (!match) throw new Error(`not a Service Connect URL: ${JSON.stringify(value)}`);
  const service = match[1] as Service;
  expect(Number(match[2]), `${service}'s port in ${String(value)}`).to.equal(Number(containerEnvironment(local.template, service)['PORT']));
  return `http://127.0.0.1:${local.ports[service]}`;
}

/** The name a topic or queue gets from infra/topology.ts: the TopicName/QueueName property of the resource the token reads. */
function nameOf(value: unknown, local: Local): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (!getAtt || !['TopicName', 'QueueName'].includes(getAtt[1])) return undefined;
  const name = resources(local.template)[getAtt[0]]?.Properties[getAtt[1]];
  return typeof name === 'string' ? name : undefined;
}

/** The local value of one variable of a task definition or function, or an error naming it. */
function localValue(name: string, value: unknown, local: Local, service: Container): string {
  switch (name) {
    case 'PORT': return String(local.ports[service as Service]);
    case 'CATALOG_URL': case 'AUDIT_URL': case 'MEDIA_URL': case 'PROCESSING_URL': return localUrl(value, local);
    case 'SNS_TOPIC_ARN_PREFIX': return ACCOUNT_PREFIX;
    case 'COGNITO_ISSUER': return local.env.issuer.issuer;
    case 'COGNITO_JWKS_URL': return local.env.issuer.jwksUrl;
    case 'COGNITO_CLIENT_IDS': return local.env.issuer.clientId;
    case 'DATABASE_HOST': return '127.0.0.1';
    case 'DATABASE_PORT': return String(local.postgres.port);
    case 'S3_BUCKET': return MEDIA_BUCKET;
    case 'AUDIT_ARCHIVE_BUCKET': return AUDIT_ARCHIVE_BUCKET;
  }
  const topologyName = nameOf(value, local);
  if (topologyName) return topologyName;
  if (typeof value === 'string') return value;
  throw new Error(`${service}: no local stand-in for ${name} = ${JSON.stringify(value)}`);
}

function containerEnvironment(template: Template, service: Container): Record<string, unknown> {
  return Object.fromEntries((containerOf(template, service).Environment as { Name: string; Value: unknown }[]).map((entry) => [entry.Name, entry.Value]));
}

/**
 * ECS secrets: the gateway context key, and database logins from a secret's fields: a service's
 * owner secret (the local superuser stands in) or audit's login secret (AUDIT_LOGIN).
 */
function localSecret(name: string, valueFrom: unknown, service: Container): string {
  const from = JSON.stringify(valueFrom);
  const login = from.includes('LoginSecretaudit') ? AUDIT_LOGIN : { username: 'postgres', password: 'postgres' };
  if (name === 'GATEWAY_CONTEXT_KEY') return CONTEXT_KEY;
  if (['DATABASE_USER', 'AUDIT_SERVICE_LOGIN_USER'].includes(name) && from.includes(':username::')) return login.username;
  if (['DATABASE_PASSWORD', 'AUDIT_SERVICE_LOGIN_PASSWORD'].includes(name) && from.includes(':password::')) return login.password;
  throw new Error(`${service}: no local stand-in for the secret ${name} from ${from}`);
}

/** Besides the template's: where the AWS APIs are here, and the CA of the local database server (RDS's bundle does not sign it). */
function localAdditions(local: Local, variables: Record<string, unknown>): Record<string, string> {
  const additions: Record<string, string> = { AWS_ENDPOINT: local.env.emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  if (variables['DATABASE_SSL'] === 'verify-full') additions['DATABASE_SSL_CA_FILE'] = local.certs.caFile;
  return additions;
}

function taskEnvironment(local: Local, service: Container): Record<string, string> {
  const container = containerOf(local.template, service);
  expect(container, `a task definition with a container named ${service}`).to.not.equal(undefined);
  const variables = containerEnvironment(local.template, service);
  const secrets = (container.Secrets ?? []) as { Name: string; ValueFrom: unknown }[];
  const names = [...Object.keys(variables), ...secrets.map((secret) => secret.Name)];
  const unknown = names.filter((name) => !(name in SPECS[service]) && !COMMON_SETTINGS.includes(name));
  expect(unknown, `variables ${service} does not read (misnamed?)`).to.deep.equal([]);
  return {
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, localValue(name, value, local, service)])),
    ...Object.fromEntries(secrets.map((secret) => [secret.Name, localSecret(secret.Name, secret.ValueFrom, service)])),
    ...localAdditions(local, variables),
  };
}

describe('infra/aws: the environment contract (each service boots with its synthesized environment)', function () {
  this.timeout(SYNTH_TIMEOUT_MS + 240_000);
  let local: Local;
  let aws: AwsClients;
  const running: LaunchedService[] = [];

  before(async () => {
    const { template } = synthesize();
    const env = await testEnvironment();
    const certs = await makeTestCertificates(['127.0.0.1']);
    const postgres = await startPostgres({ tls: { certificate: certs.certificate, key: certs.key, only: true } });
    const ports = Object.fromEntries(await Promise.all((['gateway', ...BACKENDS] as Service[]).map(async (service) => [service, await freePort()]))) as Record<Service, number>;
    local = { env, postgres, certs, ports, template };
    for (const service of BACKENDS) {
      const name = containerEnvironment(template, service)['DATABASE_NAME'];
      expect(name, `${service}'s DATABASE_NAME`).to.be.a('string');
      await postgres.ensureDatabase(name as string);
    }
    aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    await applyTopology(TOPOLOGY, aws);
  });
  after(async () => {
    await Promise.all(running.map((service) => service.stop()));
    await local?.postgres.stop();
    await local?.certs.remove();
  });

  /** Audit's init container: migrations as the owner, then the service's login from its secret. */
  async function migrateAudit(): Promise<void> {
    const migrate = fileURLToPath(new URL('../../../services/audit/src/migrate.ts', import.meta.url));
    const env = { PATH: process.env['PATH'] ?? '', ...(process.env['NODE_V8_COVERAGE'] && { NODE_V8_COVERAGE: process.env['NODE_V8_COVERAGE'] }), ...taskEnvironment(local, 'audit-migrate') };
    await promisify(execFile)(process.execPath, [migrate], { env, timeout: 90_000 });
  }

  async function boot(service: Service, path: string): Promise<void> {
    const url = `http://127.0.0.1:${local.ports[service]}`;
    running.push(await launchService({ name: service, entry: entry(service), env: taskEnvironment(local, service), exactEnv: true, readyUrl: `${url}${path}`, timeoutMs: 90_000 }));
  }

  it('When catalog, audit, media and processing boot with their task definitions\' environment, then each one\'s /ready answers 200', async () => {
    await migrateAudit();
    await Promise.all(BACKENDS.map((service) => boot(service, '/ready')));
    for (const service of BACKENDS) {
      const ready = await fetch(`http://127.0.0.1:${local.ports[service]}/ready`);
      expect(ready.status, service).to.equal(200);
    }
  });

  it('When audit runs, then it is connected as its own login, which may not rewrite the log; only the init container had the owner\'s secret', async () => {
    const container = (name: Container) => JSON.stringify(containerOf(local.template, name).Secrets);
    expect(container('audit')).to.not.match(/DatabaseSecretaudit/);
    expect(container('audit-migrate')).to.match(/DatabaseSecretaudit/);
    expect(containerOf(local.template, 'audit').DependsOn, 'audit starts once its init container exited 0').to.deep.equal([{ ContainerName: 'audit-migrate', Condition: 'SUCCESS' }]);
    expect(containerOf(local.template, 'audit-migrate').Essential).to.equal(false);
    const name = String(containerEnvironment(local.template, 'audit')['DATABASE_NAME']);
    const as = (login: { username: string; password: string }) => createSequelize({
      host: '127.0.0.1', port: local.postgres.port, database: name, user: login.username, password: login.password,
      ssl: { rejectUnauthorized: false }, logger: createLogger({ name: 'contract-test', level: 'silent' }), poolMax: 1,
    });
    const asSuperuser = as({ username: 'postgres', password: 'postgres' });
    const asLogin = as(AUDIT_LOGIN);
    try {
      const [sessions] = await asSuperuser.query('SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()', { replacements: { name } });
      expect(sessions).to.deep.equal([{ usename: AUDIT_LOGIN.username }]);
      const refused = await asLogin.query("UPDATE activity_logs SET user_id = 'rewritten'").then(() => undefined, (error: Error) => error.message);
      expect(refused).to.match(/permission denied/);
    } finally {
      await asSuperuser.close();
      await asLogin.close();
    }
  });

  it('When the gateway boots with its task definition\'s environment, then it is healthy and routes a request to catalog', async () => {
    // Its /ready lives on an admin listener the task definition does not open (GATEWAY_ADMIN_PORT unset); ECS and the ALB check /health.
    await boot('gateway', '/health');
    const token = await local.env.issuer.sign({ role: 'viewer' });
    const response = await fetch(`http://127.0.0.1:${local.ports.gateway}/api/v1/episodes`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, await response.clone().text()).to.equal(200);
  });

  describe('the audit consumer as a Lambda', () => {
    let secrets: SecretsManagerStandIn;
    after(() => secrets?.close());

    it('When the function runs with its synthesized environment, its secret resolved, then it records a real event', async () => {
      const functions = Object.values(local.template.findResources('AWS::Lambda::Function')) as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }[];
      const variables = functions.map((fn) => fn.Properties.Environment?.Variables ?? {}).find((candidate) => candidate['DATABASE_NAME'] === containerEnvironment(local.template, 'audit')['DATABASE_NAME'] && 'DATABASE_SECRET_ARN' in candidate);
      expect(variables, 'a Lambda with the audit database settings and DATABASE_SECRET_ARN').to.not.equal(undefined);
      const unknown = Object.keys(variables!).filter((name) => !(name in AUDIT_LAMBDA_CONFIG) && !(name in AUDIT_CONFIG) && !COMMON_SETTINGS.includes(name));
      expect(unknown, 'variables audit does not read (misnamed?)').to.deep.equal([]);
      const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:episodic/audit-AbCdEf';
      secrets = await startSecretsManagerStandIn({ [arn]: { ...AUDIT_LOGIN, host: '127.0.0.1', port: local.postgres.port, dbname: variables!['DATABASE_NAME'] } });
      const env = Object.fromEntries(Object.entries(variables!).map(([name, value]) => [name, name === 'DATABASE_SECRET_ARN' ? arn : localValue(name, value, local, 'audit')]));
      const client = new SecretsManagerClient({ endpoint: secrets.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const handler = auditLambda({ ...env, ...localAdditions(local, variables!) }, client);

      const event = createEvent({
        source: 'episodic/gateway', type: 'access.recorded', subject: 'episodes/7',
        data: { action: 'view', resource_type: 'episode', resource_id: 7, method: 'GET', path: '/api/v1/episodes/7', status: 200, outcome: 'success' },
        actor: { user_id: 'viewer-1', roles: ['viewer'], ip: null, user_agent: null }, correlationId: randomUUID(),
      });
      const { topicArns, queueUrls } = await applyTopology({ topics: [TOPICS.gateway], queues: [{ name: `contract-audit-${randomUUID().slice(0, 8)}`, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic: TOPICS.gateway, types: ['access.recorded'] }] }], buckets: [] }, aws);
      await aws.sns.send(new PublishCommand({ TopicArn: topicArns[TOPICS.gateway], Message: JSON.stringify(event), MessageAttributes: { type: { DataType: 'String', StringValue: event.type } } }));
      const [message] = await receiveMessages(aws.sqs, Object.values(queueUrls).find((url) => !url.endsWith('-dlq'))!, 1);

      expect(await handler({ Records: [sqsRecordOf(message!, 'arn:aws:sqs:us-east-1:000000000000:audit-access-events')] })).to.deep.equal({ batchItemFailures: [] });
      expect(secrets.asked).to.deep.equal([`secretsmanager.GetSecretValue ${arn}`]);
      const database = createSequelize({ host: '127.0.0.1', port: local.postgres.port, database: String(variables!['DATABASE_NAME']), user: 'postgres', password: 'postgres', ssl: { rejectUnauthorized: false }, logger: createLogger({ name: 'contract-test', level: 'silent' }), poolMax: 1 });
      try {
        const [rows] = await database.query('SELECT action_type FROM activity_logs WHERE event_id = :id', { replacements: { id: event.id } });
        expect(rows).to.deep.equal([{ action_type: 'view' }]);
      } finally {
        await database.close();
      }
    });
  });
});
