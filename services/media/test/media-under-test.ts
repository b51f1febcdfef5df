import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { Sequelize } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createTokenVerifier } from '@episodic/auth';
import { buildApp as buildCatalogApp, createCatalog, readinessChecks as catalogReadiness } from '@episodic/catalog';
import { createSequelize, migrateUp, Outbox } from '@episodic/db';
import { closeServer, listen, signGatewayContext } from '@episodic/http';
import { applyTopology, createAwsClients, createPublisher, SqsConsumer, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { createObjectStore, type ObjectStore } from '@episodic/storage';
import { EventTap, TEST_GATEWAY_CONTEXT, testEnvironment, type TestEnvironment } from '@episodic/testing';
import { buildApp } from '../src/app.ts';
import { UploadAdmission } from '../src/routes/upload-admission.ts';
import { episodeEvents } from '../src/consumers/episode-events.ts';
import { objectDeletions } from '../src/data/object-deletions.ts';
import { ObjectSweeper } from '../src/domain/object-sweeper.ts';
import { createMedia, type Media } from '../src/media.ts';
import { readinessChecks } from '../src/readiness.ts';

const MIGRATIONS = (service: string) => fileURLToPath(new URL(`../../../migrations/${service}`, import.meta.url));
export const logger = createLogger({ name: 'media-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export type Role = 'viewer' | 'editor' | 'admin' | 'system';

export interface Call {
  status: number;
  body: any;
  headers: Headers;
  requestId: string;
}

export interface MediaUnderTest {
  url: string;
  env: TestEnvironment;
  sequelize: Sequelize;
  media: Media;
  /** The store media writes to (a bucket of this suite's own), for checking what is in S3. */
  store: ObjectStore;
  aws: AwsClients;
  /** A queue subscribed to this suite's media topic. */
  events: EventTap;
  /** The queue media consumes episode events from. */
  queueUrl: string;
  /** Its dead-letter queue. */
  dlqUrl: string;
  sweeper: ObjectSweeper;
  /** The upload admission of the app (what it has admitted right now). */
  admission: UploadAdmission;
  /** Calls media (or, with `{ service: 'catalog' }`, the real catalog beside it) as `role`. */
  call(method: string, path: string, options?: { role?: Role; body?: FormData | string; json?: unknown; service?: 'media' | 'catalog' }): Promise<Call>;
  /** Creates an episode through catalog's API and returns its id. */
  createEpisode(): Promise<number>;
  stop(): Promise<void>;
}

export interface MediaOptions {
  /** Where media's S3 client goes (default: the emulator); a closed port is an S3 outage. */
  s3Endpoint?: string;
  /** Image limits other than the defaults (small ones keep tests fast). */
  maxUploadBytes?: number;
  /** Upload admission (default: 8 uploads, 64 MiB at once). */
  admission?: { maxUploads: number; maxBytes: number };
  maxPixels?: number;
  /** false: the episode-event consumer is not started (the test drives the lifecycle itself). */
  consume?: boolean;
  /** Where media asks catalog about episodes (default: the real catalog beside it); a closed port is a catalog outage. */
  catalogUrl?: string;
}

/**
 * media in-process on port 0 over a fresh database, with the real catalog beside it (its own
 * database and topic), topics, a queue and a bucket of this suite's own on the emulator: what
 * this suite's catalog publishes reaches this suite's media, and nothing else does.
 */
export async function startMedia(options: MediaOptions = {}): Promise<MediaUnderTest> {
  const env = await testEnvironment();
  const { emulator, issuer } = env;
  const suffix = randomBytes(4).toString('hex');
  const names = { catalogTopic: `catalog-${suffix}`, mediaTopic: `media-${suffix}`, queue: `media-episodes-${suffix}`, bucket: `media-test-${suffix}` };
  const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
  const { topicArns, queueUrls } = await applyTopology({
    topics: [names.catalogTopic, names.mediaTopic],
    queues: [{ name: names.queue, visibilityTimeoutSeconds: 5, maxReceiveCount: 5, subscriptions: [{ topic: names.catalogTopic, types: ['episode.'] }] }],
    buckets: [names.bucket],
  }, aws);
  const arnPrefix = topicArns[names.mediaTopic]!.slice(0, -names.mediaTopic.length);
  const publish = createPublisher({ sns: aws.sns, topicArnPrefix: arnPrefix, logger, timeoutMs: 1000 });
  const verifier = createTokenVerifier({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientIds: [issuer.clientId] });

  const catalogDb = createSequelize({ url: await env.newDatabase('media_catalog'), logger, poolMax: 3 });
  await migrateUp(catalogDb, MIGRATIONS('catalog'));
  const catalogOutbox = new Outbox({ sequelize: catalogDb, logger, publish: (topic, event) => publish(topic, event as CloudEvent), pollIntervalMs: 100 });
  const catalog = await listen(buildCatalogApp({
    logger, verifier, gatewayContext: TEST_GATEWAY_CONTEXT,
    catalog: createCatalog({ sequelize: catalogDb, outbox: catalogOutbox, topic: names.catalogTopic }),
    readiness: catalogReadiness(catalogDb, aws.sns),
  }), 0);

  const sequelize = createSequelize({ url: await env.newDatabase('media'), logger, poolMax: 5 });
  await migrateUp(sequelize, MIGRATIONS('media'));
  const s3 = options.s3Endpoint
    ? createAwsClients({ region: emulator.region, endpoint: options.s3Endpoint, credentials: emulator.credentials, requestTimeoutMs: 500 }).s3
    : aws.s3;
  const store = createObjectStore({ s3, bucket: names.bucket, timeoutMs: 1000 });
  const outbox = new Outbox({ sequelize, logger, publish: (topic, event) => publish(topic, event as CloudEvent), pollIntervalMs: 100 });
  const sweeper = new ObjectSweeper({ sequelize, deletions: objectDeletions(sequelize), store, logger, intervalMs: 200 });
  const media = createMedia({
    sequelize, store, outbox, topic: names.mediaTopic,
    catalog: { url: options.catalogUrl ?? catalog.url, timeoutMs: 1000 },
    images: { maxPixels: options.maxPixels ?? 40_000_000, widths: [1280, 640, 320], concurrency: 2 },
    urlExpiresSeconds: 300,
    uploadGraceSeconds: 600,
    sweepSoon: () => sweeper.kick(),
  });
  const consumer = new SqsConsumer({ sqs: aws.sqs, queueUrl: queueUrls[names.queue]!, handler: episodeEvents(media, logger), logger, waitTimeSeconds: 1 });
  const admission = new UploadAdmission({
    maxUploads: options.admission?.maxUploads ?? 8,
    maxBytes: options.admission?.maxBytes ?? 64 * 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? 15 * 1024 * 1024,
    retryAfterSeconds: 2,
  });
  const app = buildApp({
    logger, reads: media.reads, writes: media.writes, verifier, gatewayContext: TEST_GATEWAY_CONTEXT,
    readiness: readinessChecks(sequelize, store),
    maxUploadBytes: options.maxUploadBytes ?? 15 * 1024 * 1024,
    admission,
  });
  const events = await EventTap.subscribe(aws, topicArns[names.mediaTopic]!);
  catalogOutbox.start();
  outbox.start();
  sweeper.start();
  if (options.consume !== false) consumer.start();
  const server = await listen(app, 0);

  const token = (role: Role) => (role === 'system' ? issuer.sign({ system: true }) : issuer.sign({ role, sub: `${role}-user`, username: `${role}-user` }));
  const call: MediaUnderTest['call'] = async (method, path, callOptions = {}) => {
    const requestId = randomUUID();
    const headers: Record<string, string> = { authorization: `Bearer ${await token(callOptions.role ?? 'editor')}`, ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method, url: path }, { ip: '127.0.0.1', requestId, time: Date.now() }) };
    if (callOptions.json !== undefined) headers['content-type'] = 'application/json';
    const base = callOptions.service === 'catalog' ? catalog.url : server.url;
    const response = await fetch(`${base}${path}`, { method, headers, body: callOptions.json !== undefined ? JSON.stringify(callOptions.json) : callOptions.body });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
    return { status: response.status, body: json, headers: response.headers, requestId };
  };
  let episodes = 0;
  return {
    url: server.url, env, sequelize, media, store, aws, events, queueUrl: queueUrls[names.queue]!, dlqUrl: queueUrls[`${names.queue}-dlq`]!, sweeper, admission, call,
    async createEpisode() {
      episodes += 1;
      const created = await call('POST', '/api/v1/episodes', {
        service: 'catalog',
        json: { show_name: `Media Test ${suffix}`, season_number: 1, episode_number: episodes, episode_title: `Frame ${episodes}` },
      });
      if (created.status !== 201) throw new Error(`catalog answered ${created.status}: ${JSON.stringify(created.body)}`);
      return created.body.id as number;
    },
    async stop() {
      await consumer.stop();
      await closeServer(server.server as Server);
      await closeServer(catalog.server as Server);
      await Promise.all([sweeper.stop(), outbox.stop(), catalogOutbox.stop()]);
      await Promise.all([sequelize.close(), catalogDb.close()]);
    },
  };
}
