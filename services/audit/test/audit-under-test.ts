import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { Sequelize } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createTokenVerifier } from '@episodic/auth';
import { createSequelize, migrateUp } from '@episodic/db';
import { closeServer, listen } from '@episodic/http';
import { applyTopology, createAwsClients, createEvent, SqsConsumer, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { TOPICS } from '@episodic/infra';
import { TEST_GATEWAY_CONTEXT, testEnvironment } from '@episodic/testing';
import { buildApp } from '../src/app.ts';
import { recordActivities } from '../src/consumers/record-activity.ts';
import { createActivityRepository, type ActivityRepository } from '../src/data/activity-repository.ts';
import { createArchive, type Archive } from '../src/data/archive.ts';
import { createRetentionRepository, type RetentionRepository } from '../src/data/retention-repository.ts';
import { ensureServiceLogin, urlAs } from '../src/data/service-login.ts';
import { createObjectStore } from '@episodic/storage';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/audit', import.meta.url));
const logger = createLogger({ name: 'audit-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export interface AuditUnderTest {
  url: string;
  /** Connected as the audit service's own login (a member of the writer role). */
  sequelize: Sequelize;
  /** Connected as the database owner (the migration role): what only an owner could do. */
  owner: Sequelize;
  activity: ActivityRepository;
  retention: RetentionRepository;
  archive: Archive;
  aws: AwsClients;
  topicArns: Record<string, string>;
  /** The domain events' queue (as audit-events) and its DLQ. */
  queueUrl: string;
  dlqUrl: string;
  /** The access records' queue (as audit-access-events) and its DLQ. */
  accessQueueUrl: string;
  accessDlqUrl: string;
  get(path: string, role?: 'admin' | 'editor' | 'viewer' | null): Promise<{ status: number; body: any; response: Response }>;
  /** Any method with a JSON body, as an admin (`sub` admin-1). */
  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Publishes an event to its topic through the real SNS client. */
  publish(event: CloudEvent, topic?: string): Promise<void>;
  /** A raw body on a topic (the catalog's unless told). */
  publishRaw(body: string, type: string, topic?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The audit service in-process: a fresh database, its own two queues (+ DLQs) subscribed like
 * `audit-events` (the catalog topic) and `audit-access-events` (the gateway topic), batch
 * consumers on them as main.ts runs them, the API on port 0.
 */
export async function startAudit(): Promise<AuditUnderTest> {
  const env = await testEnvironment();
  const ownerUrl = await env.newDatabase('audit');
  const owner = createSequelize({ url: ownerUrl, logger, poolMax: 2 });
  await migrateUp(owner, MIGRATIONS);
  await ensureServiceLogin(owner, SERVICE_LOGIN);
  const sequelize = createSequelize({ url: urlAs(ownerUrl, SERVICE_LOGIN), logger, poolMax: 5 });
  const aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
  const queue = `audit-test-${randomUUID().slice(0, 8)}`;
  const accessQueue = `${queue}-access`;
  const bucket = `audit-archive-${randomUUID().slice(0, 8)}`;
  const { topicArns, queueUrls } = await applyTopology({
    topics: Object.values(TOPICS),
    queues: [
      { name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic: TOPICS.catalog, types: ['episode.', 'metadata.'] }] },
      { name: accessQueue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic: TOPICS.gateway, types: ['access.recorded', 'gateway.'] }] },
    ],
    buckets: [bucket],
  }, aws);
  const activity = createActivityRepository(sequelize);
  const retention = createRetentionRepository(sequelize);
  const archive = createArchive(createObjectStore({ s3: aws.s3, bucket, timeoutMs: 2000 }));
  const consumerOf = (name: string) => new SqsConsumer({ sqs: aws.sqs, queueUrl: queueUrls[name]!, batchHandler: recordActivities(activity, logger), logger, waitTimeSeconds: 1 });
  // As main.ts runs them: one consumer of domain events, two of access records.
  const consumers = [consumerOf(queue), consumerOf(accessQueue), consumerOf(accessQueue)];
  const verifier = createTokenVerifier({ issuer: env.issuer.issuer, jwksUrl: env.issuer.jwksUrl, clientIds: [env.issuer.clientId] });
  const app = buildApp({ logger, gatewayContext: TEST_GATEWAY_CONTEXT, activity, retention, archive, verifier, readiness: {} });
  for (const consumer of consumers) consumer.start();
  const { server, url }: { server: Server; url: string } = await listen(app, 0);
  const publishRaw = async (body: string, type: string, topic: string = TOPICS.catalog) => {
    await aws.sns.send(new PublishCommand({ TopicArn: topicArns[topic], Message: body, MessageAttributes: { type: { DataType: 'String', StringValue: type } } }));
  };
  return {
    url, sequelize, owner, activity, retention, archive, aws, topicArns, queueUrl: queueUrls[queue]!, dlqUrl: queueUrls[`${queue}-dlq`]!,
    accessQueueUrl: queueUrls[accessQueue]!, accessDlqUrl: queueUrls[`${accessQueue}-dlq`]!,
    async get(path, role = 'admin') {
      const headers: Record<string, string> = role ? { authorization: `Bearer ${await env.issuer.sign({ role })}` } : {};
      const response = await fetch(`${url}${path}`, { headers });
      const text = await response.text();
      const isJson = (response.headers.get('content-type') ?? '').includes('json');
      return { status: response.status, body: isJson ? JSON.parse(text) : text, response };
    },
    async send(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${await env.issuer.sign({ role: 'admin', sub: 'admin-1' })}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    publish: (event, topic) => publishRaw(JSON.stringify(event), event.type, topic ?? (event.type === 'access.recorded' || event.type.startsWith('gateway.') ? TOPICS.gateway : TOPICS.catalog)),
    publishRaw: (body, type, topic) => publishRaw(body, type, topic),
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await closeServer(server);
      await sequelize.close();
      await owner.close();
    },
  };
}

/** The audit service's login in tests (the same name and password on every test database of the cluster). */
const SERVICE_LOGIN = { user: 'episodic_audit_service', password: 'audit-test-password' };

const actor = { user_id: 'editor-1', roles: ['editor'], ip: '203.0.113.9', user_agent: 'curl/8' };

export function episode(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id, show_name: 'Harbor Lights', season_number: 1, episode_number: id, episode_title: `Episode ${id}`, air_date: '2024-02-04',
    plot_summary: null, director: null, writer: null, duration_minutes: 50, rating: 8.1, genre: 'Drama', thumbnail_url: null,
    poster_url: null, video_url: null, raw_video_s3_key: null, processed_video_s3_key: null, metadata_json_s3_key: null,
    processing_status: null, upload_date: '2024-01-01T00:00:00.000Z', last_modified: '2024-01-01T00:00:00.000Z', ...overrides,
  };
}

/** An access.recorded event as the gateway would publish it; its resource id says which read it was. */
export function accessEvent(n: number): CloudEvent {
  return createEvent({
    source: 'episodic/gateway', type: 'access.recorded', subject: `episodes/${n}`, actor: { ...actor, user_id: 'viewer-1', roles: ['viewer'] }, correlationId: randomUUID(),
    data: { action: 'view', resource_type: 'episode', resource_id: n, method: 'GET', path: `/api/v1/episodes/${n}`, status: 200, outcome: 'success' },
  }) as CloudEvent;
}

/** A catalog event as the catalog service would publish it. */
export function catalogEvent(type: string, data: unknown, correlationId = randomUUID()): CloudEvent {
  return createEvent({ source: 'episodic/catalog', type, subject: 'episodes/1', data, actor, correlationId }) as CloudEvent;
}
