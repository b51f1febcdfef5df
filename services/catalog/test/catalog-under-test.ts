import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Sequelize } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createTokenVerifier } from '@episodic/auth';
import { createSequelize, migrateUp, Outbox, type PublishFn } from '@episodic/db';
import { closeServer, listen, signGatewayContext } from '@episodic/http';
import { applyTopology, createAwsClients, createPublisher, SqsConsumer, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { TOPOLOGY } from '@episodic/infra';
import { outboxHistory } from '@episodic/operations';
import { EventTap, freePort, TEST_GATEWAY_CONTEXT, testEnvironment, type TestEnvironment } from '@episodic/testing';
import { buildApp } from '../src/app.ts';
import { processingEvents } from '../src/consumers/processing-events.ts';
import { createCatalog } from '../src/domain/catalog.ts';
import { readinessChecks } from '../src/readiness.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/catalog', import.meta.url));
export const TOPIC = 'catalog-events';
export const logger = createLogger({ name: 'catalog-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export interface CatalogUnderTest {
  url: string;
  env: TestEnvironment;
  sequelize: Sequelize;
  outbox: Outbox;
  /** AWS clients pointed at the emulator (working, whatever the app's publisher uses). */
  aws: AwsClients;
  /** A publisher that reaches the emulator. */
  publish: PublishFn;
  /** A queue subscribed to catalog-events. */
  events: EventTap;
  token(role: 'viewer' | 'editor' | 'admin' | 'system'): Promise<string>;
  /** Calls the API as `role` (editor by default) with a fresh x-request-id, which it returns. */
  call(method: string, path: string, options?: CallOptions): Promise<Call>;
  /** With `{ processing: true }`: where processing's events reach catalog's consumer. */
  processing?: ProcessingFeed;
  stop(): Promise<void>;
}

/**
 * A processing topic and a catalog queue of the test's own (subscribed like
 * catalog-processing-events), with catalog's consumer running on the queue.
 */
export interface ProcessingFeed {
  queueUrl: string;
  dlqUrl: string;
  /** Publishes an event to the test's processing topic (SNS → SQS → consumer). */
  publish(event: CloudEvent): Promise<void>;
  /** Sends an event straight to the queue (as SNS would deliver it), e.g. to deliver it twice. */
  deliver(event: CloudEvent): Promise<void>;
}

export interface CallOptions {
  role?: 'viewer' | 'editor' | 'admin' | 'system';
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Call {
  response: Response;
  status: number;
  body: any;
  requestId: string;
}

/**
 * The catalog app in-process on port 0, over a fresh database with its migrations, with the
 * outbox relay publishing to the emulator (or to `snsEndpoint`, e.g. a closed port).
 */
export async function startCatalog(options: { snsEndpoint?: string; processing?: boolean } = {}): Promise<CatalogUnderTest> {
  const env = await testEnvironment();
  const sequelize = createSequelize({ url: await env.newDatabase('catalog'), logger, poolMax: 5 });
  await migrateUp(sequelize, MIGRATIONS);
  const { emulator, issuer } = env;
  const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
  const { topicArns } = await applyTopology(TOPOLOGY, aws);
  const topicArnPrefix = topicArns[TOPIC]!.slice(0, -TOPIC.length);
  const publish = publisherFor(aws, topicArnPrefix);
  const appAws = options.snsEndpoint ? createAwsClients({ ...emulatorSettings(env), endpoint: options.snsEndpoint, requestTimeoutMs: 500 }) : aws;
  const outbox = new Outbox({ sequelize, logger, publish: publisherFor(appAws, topicArnPrefix), pollIntervalMs: 100, maxBackoffMs: 200 });
  const catalog = createCatalog({ sequelize, outbox, topic: TOPIC });
  const verifier = createTokenVerifier({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientIds: [issuer.clientId] });
  const { replay } = outboxHistory({ sequelize, outbox, sqs: aws.sqs, queues: TOPOLOGY.queues, service: 'catalog', topic: TOPIC, retentionDays: 7, logger });
  const app = buildApp({ logger, gatewayContext: TEST_GATEWAY_CONTEXT, catalog, verifier, readiness: readinessChecks(sequelize, appAws.sns), replay });
  const events = await EventTap.subscribe(aws, topicArns[TOPIC]!);
  const feed = options.processing ? await processingFeed(aws, catalog) : undefined;
  outbox.start();
  feed?.consumer.start();
  const { server, url } = await listen(app, 0);
  const token = (role: 'viewer' | 'editor' | 'admin' | 'system') =>
    role === 'system' ? issuer.sign({ system: true }) : issuer.sign({ role, sub: `${role}-user`, username: `${role}-user` });
  return {
    url, env, sequelize, outbox, aws, publish, events, token,
    processing: feed?.feed,
    call: (method, path, callOptions) => call(url, token, method, path, callOptions),
    stop: async () => {
      await feed?.consumer.stop();
      await stop(server, outbox, sequelize);
    },
  };
}

/** The test's own processing topic and catalog queue (with its DLQ), and catalog's consumer on that queue. */
async function processingFeed(aws: AwsClients, catalog: ReturnType<typeof createCatalog>): Promise<{ feed: ProcessingFeed; consumer: SqsConsumer }> {
  const suffix = randomBytes(4).toString('hex');
  const topic = `processing-test-${suffix}`;
  const queue = `catalog-processing-test-${suffix}`;
  const { topicArns, queueUrls } = await applyTopology({
    topics: [topic],
    queues: [{ name: queue, visibilityTimeoutSeconds: 5, maxReceiveCount: 5, subscriptions: [{ topic, types: ['video.uploaded', 'processing.'] }] }],
    buckets: [],
  }, aws);
  const queueUrl = queueUrls[queue]!;
  const consumer = new SqsConsumer({ sqs: aws.sqs, queueUrl, handler: processingEvents(catalog, logger), logger, waitTimeSeconds: 1 });
  const feed: ProcessingFeed = {
    queueUrl,
    dlqUrl: queueUrls[`${queue}-dlq`]!,
    async publish(event) {
      const type = { DataType: 'String', StringValue: event.type };
      await aws.sns.send(new PublishCommand({ TopicArn: topicArns[topic], Message: JSON.stringify(event), MessageAttributes: { type } }));
    },
    async deliver(event) {
      await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
    },
  };
  return { feed, consumer };
}

/** A port nothing listens on: an SNS that cannot be reached. */
export async function closedEndpoint(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

function emulatorSettings(env: TestEnvironment) {
  return { region: env.emulator.region, credentials: env.emulator.credentials };
}

function publisherFor(aws: AwsClients, topicArnPrefix: string): PublishFn {
  const publish = createPublisher({ sns: aws.sns, topicArnPrefix, logger, timeoutMs: 1000 });
  return (topic, event, traceparent) => publish(topic, event as CloudEvent, traceparent);
}

async function call(
  url: string,
  token: (role: 'viewer' | 'editor' | 'admin' | 'system') => Promise<string>,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Call> {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    authorization: `Bearer ${await token(options.role ?? 'editor')}`,
    ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method, url: path }, { ip: '127.0.0.1', requestId, time: Date.now() }),
    'user-agent': 'catalog-test',
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { response, status: response.status, body: text ? JSON.parse(text) : undefined, requestId };
}

async function stop(server: Server, outbox: Outbox, sequelize: Sequelize): Promise<void> {
  await closeServer(server);
  await outbox.stop();
  await sequelize.close();
}

/** A valid new-episode body; `overrides` replace or add fields. */
export function newEpisode(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    show_name: 'Harbor Lights',
    season_number: 1,
    episode_number: 1,
    episode_title: 'Low Tide',
    air_date: '2024-02-04',
    director: 'Maren Holt',
    writer: 'Ines Duarte',
    duration_minutes: 52,
    rating: 8.5,
    genre: 'Drama',
    plot_summary: 'A harbour pilot finds a boat adrift with its engine still warm.',
    ...overrides,
  };
}
