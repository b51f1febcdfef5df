import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { Sequelize } from 'sequelize';
import { createLogger, waitFor } from '@episodic/core';
import { createTokenVerifier } from '@episodic/auth';
import { buildApp as buildCatalogApp, createCatalog, readinessChecks as catalogReadiness } from '@episodic/catalog';
import { createSequelize, migrateUp, Outbox } from '@episodic/db';
import { closeServer, listen, signGatewayContext } from '@episodic/http';
import { applyTopology, createAwsClients, createPublisher, SqsConsumer, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { createObjectStore, type ObjectStore } from '@episodic/storage';
import { EventTap, TEST_GATEWAY_CONTEXT, testEnvironment, type TestEnvironment } from '@episodic/testing';
import { videoTools } from '@episodic/video';
import { buildApp } from '../src/app.ts';
import { episodeEvents } from '../src/domain/episode-lifecycle.ts';
import type { ProcessingDeps } from '../src/domain/processing-deps.ts';
import { UploadWatcher } from '../src/domain/upload-watcher.ts';
import { createProcessing } from '../src/processing.ts';
import { jobHandler } from '../src/worker/job-handler.ts';

const MIGRATIONS = (service: string) => fileURLToPath(new URL(`../../../migrations/${service}`, import.meta.url));
export const logger = createLogger({ name: 'processing-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export type Role = 'viewer' | 'editor' | 'admin' | 'system';

/** A job as the API shows it (loosely typed: tests read what they assert). */
export type Job = Record<string, any> & { id: number; status: string };

export interface Call {
  status: number;
  body: any;
  headers: Headers;
  requestId: string;
}

/** The names of this suite's own topics, queues and bucket, as main.ts would read them from its environment. */
export interface ProcessingNames {
  catalogTopic: string;
  processingTopic: string;
  episodeQueue: string;
  jobsQueue: string;
  bucket: string;
  /** SNS_TOPIC_ARN_PREFIX: a topic's ARN without its name. */
  arnPrefix: string;
}

export interface ProcessingUnderTest {
  url: string;
  catalogUrl: string;
  env: TestEnvironment;
  /** DATABASE_URL of processing's database (for a processing process launched beside this one). */
  databaseUrl: string;
  names: ProcessingNames;
  sequelize: Sequelize;
  deps: ProcessingDeps;
  /** The bucket of this suite's own, on the emulator (never the worker's possibly broken store). */
  store: ObjectStore;
  aws: AwsClients;
  /** A queue subscribed to this suite's processing topic. */
  events: EventTap;
  queueUrls: { jobs: string; jobsDlq: string; episodes: string };
  watcher: UploadWatcher;
  /** A fresh worker (SqsConsumer over the jobs queue with processing's job handler), started. */
  startWorker(): SqsConsumer;
  /** Stops every worker started so far (hand-back options as SqsConsumer.stop). */
  stopWorkers(options?: { handBackAfterMs?: number }): Promise<void>;
  /** Calls processing (or, with `{ service: 'catalog' }`, the real catalog beside it) as `role`. */
  call(method: string, path: string, options?: { role?: Role; json?: unknown; service?: 'processing' | 'catalog'; requestId?: string }): Promise<Call>;
  /** Creates an episode through catalog's API and returns its id. */
  createEpisode(): Promise<number>;
  /** Asks for an upload URL, PUTs the bytes to it, and waits for video.uploaded; returns the key. */
  uploadVideo(episodeId: number, bytes: Uint8Array): Promise<string>;
  /** POST /episodes/:id/process as an editor; the reply as is. */
  requestJob(episodeId: number, body: unknown, options?: { role?: Role; requestId?: string }): Promise<Call>;
  /** Polls GET /processing-queue/:id until the job is in one of `statuses`. */
  waitForJob(id: number, statuses: readonly string[], timeoutMs?: number): Promise<Job>;
  stop(): Promise<void>;
}

export interface ProcessingOptions {
  /** JOB_MAX_RETRIES of new jobs (default 3). */
  maxRetries?: number;
  /** JOB_RETRY_BASE_SECONDS: the worker's first backoff (default 1). */
  retryBaseSeconds?: number;
  /** JOB_VISIBILITY_SECONDS of the worker's heartbeat, and the jobs queue's own visibility timeout (default 30). */
  visibilitySeconds?: number;
  /** Where the worker's S3 client goes (default: the emulator); a closed port is an S3 outage for the worker only. */
  s3Endpoint?: string;
  /** false: no worker runs until the test starts one (default true). */
  startWorker?: boolean;
}

/** Default rendition widths of the workers here: one small one keeps frame jobs fast. */
const WIDTHS = [320];

/**
 * processing in-process on port 0 over a fresh database, with the real catalog beside it (its own
 * database and topic), the upload watcher, the episode consumer and a worker, on topics, queues
 * and a bucket of this suite's own: what this suite's catalog publishes reaches only this
 * suite's processing, and the jobs queue is fed only by this suite's processing topic.
 */
export async function startProcessing(options: ProcessingOptions = {}): Promise<ProcessingUnderTest> {
  const env = await testEnvironment();
  const { emulator, issuer } = env;
  const suffix = randomBytes(4).toString('hex');
  const visibilitySeconds = options.visibilitySeconds ?? 30;
  const topics = { catalogTopic: `catalog-${suffix}`, processingTopic: `processing-${suffix}` };
  const queues = { episodeQueue: `processing-episodes-${suffix}`, jobsQueue: `processing-jobs-${suffix}`, bucket: `processing-test-${suffix}` };
  const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
  const { topicArns, queueUrls } = await applyTopology({
    topics: [topics.catalogTopic, topics.processingTopic],
    queues: [
      { name: queues.episodeQueue, visibilityTimeoutSeconds: 5, maxReceiveCount: 5, subscriptions: [{ topic: topics.catalogTopic, types: ['episode.'] }] },
      { name: queues.jobsQueue, visibilityTimeoutSeconds: visibilitySeconds, maxReceiveCount: 10, subscriptions: [{ topic: topics.processingTopic, types: ['processing.requested'] }] },
    ],
    buckets: [queues.bucket],
  }, aws);
  const arnPrefix = topicArns[topics.processingTopic]!.slice(0, -topics.processingTopic.length);
  const names: ProcessingNames = { ...topics, ...queues, arnPrefix };
  const publish = createPublisher({ sns: aws.sns, topicArnPrefix: arnPrefix, logger, timeoutMs: 1000 });
  const verifier = createTokenVerifier({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientIds: [issuer.clientId] });

  const catalogDb = createSequelize({ url: await env.newDatabase('processing_catalog'), logger, poolMax: 3 });
  await migrateUp(catalogDb, MIGRATIONS('catalog'));
  const catalogOutbox = new Outbox({ sequelize: catalogDb, logger, publish: (topic, event) => publish(topic, event as CloudEvent), pollIntervalMs: 100 });
  const catalog = await listen(buildCatalogApp({
    logger, verifier, gatewayContext: TEST_GATEWAY_CONTEXT,
    catalog: createCatalog({ sequelize: catalogDb, outbox: catalogOutbox, topic: topics.catalogTopic }),
    readiness: catalogReadiness(catalogDb, aws.sns),
  }), 0);

  const databaseUrl = await env.newDatabase('processing');
  const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 5 });
  await migrateUp(sequelize, MIGRATIONS('processing'));
  const store = createObjectStore({ s3: aws.s3, bucket: queues.bucket, timeoutMs: 2000 });
  const outbox = new Outbox({ sequelize, logger, publish: (topic, event) => publish(topic, event as CloudEvent), pollIntervalMs: 100 });
  const processing = createProcessing({
    sequelize, store, outbox, topic: topics.processingTopic,
    catalog: { url: catalog.url, timeoutMs: 1000 },
    maxRetries: options.maxRetries ?? 3,
    urlExpiresSeconds: 300,
    maxVideoBytes: 21_474_836_480,
  });
  const { deps } = processing;
  const episodes = new SqsConsumer({ sqs: aws.sqs, queueUrl: queueUrls[queues.episodeQueue]!, handler: episodeEvents(processing.lifecycle, logger), logger, waitTimeSeconds: 1 });
  const watcher = new UploadWatcher(deps, logger, 100);
  const workerDeps: ProcessingDeps = options.s3Endpoint
    ? { ...deps, store: createObjectStore({ s3: createAwsClients({ region: emulator.region, endpoint: options.s3Endpoint, credentials: emulator.credentials, requestTimeoutMs: 500 }).s3, bucket: queues.bucket, timeoutMs: 1000 }) }
    : deps;
  const handler = jobHandler(workerDeps, { tools: videoTools(), defaultWidths: WIDTHS, visibilitySeconds, logger });
  const workers: SqsConsumer[] = [];
  const startWorker = () => {
    const worker = new SqsConsumer({
      sqs: aws.sqs, queueUrl: queueUrls[queues.jobsQueue]!, handler, logger,
      waitTimeSeconds: 1, maxMessages: 1, backoffBaseSeconds: options.retryBaseSeconds ?? 1,
    });
    workers.push(worker);
    worker.start();
    return worker;
  };
  const stopWorkers = async (stopOptions: { handBackAfterMs?: number } = {}) => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop(stopOptions)));
  };

  const app = buildApp({ logger, gatewayContext: TEST_GATEWAY_CONTEXT, deps, verifier, readiness: { s3: () => store.check() } });
  const events = await EventTap.subscribe(aws, topicArns[topics.processingTopic]!);
  catalogOutbox.start();
  outbox.start();
  episodes.start();
  watcher.start();
  if (options.startWorker !== false) startWorker();
  const server = await listen(app, 0);

  const token = (role: Role) => (role === 'system' ? issuer.sign({ system: true }) : issuer.sign({ role, sub: `${role}-user`, username: `${role}-user` }));
  const call: ProcessingUnderTest['call'] = async (method, path, callOptions = {}) => {
    const requestId = callOptions.requestId ?? randomUUID();
    const headers: Record<string, string> = { authorization: `Bearer ${await token(callOptions.role ?? 'editor')}`, ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method, url: path }, { ip: '127.0.0.1', requestId, time: Date.now() }) };
    if (callOptions.json !== undefined) headers['content-type'] = 'application/json';
    const base = callOptions.service === 'catalog' ? catalog.url : server.url;
    const response = await fetch(`${base}${path}`, { method, headers, body: callOptions.json !== undefined ? JSON.stringify(callOptions.json) : undefined });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
    return { status: response.status, body: json, headers: response.headers, requestId };
  };

  let episodeCount = 0;
  return {
    url: server.url, catalogUrl: catalog.url, env, databaseUrl, names, sequelize, deps, store, aws, events, watcher, call, startWorker, stopWorkers,
    queueUrls: { jobs: queueUrls[queues.jobsQueue]!, jobsDlq: queueUrls[`${queues.jobsQueue}-dlq`]!, episodes: queueUrls[queues.episodeQueue]! },
    async createEpisode() {
      episodeCount += 1;
      const created = await call('POST', '/api/v1/episodes', {
        service: 'catalog',
        json: { show_name: `Processing Test ${suffix}`, season_number: 1, episode_number: episodeCount, episode_title: `Reel ${episodeCount}` },
      });
      if (created.status !== 201) throw new Error(`catalog answered ${created.status}: ${JSON.stringify(created.body)}`);
      return created.body.id as number;
    },
    async uploadVideo(episodeId, bytes) {
      const ticket = await call('POST', `/api/v1/episodes/${episodeId}/video`, { json: { content_type: 'video/mp4', size_bytes: bytes.byteLength } });
      if (ticket.status !== 201) throw new Error(`processing answered ${ticket.status}: ${JSON.stringify(ticket.body)}`);
      const put = await fetch(ticket.body.upload_url, { method: 'PUT', headers: ticket.body.headers, body: bytes });
      if (put.status !== 200) throw new Error(`the PUT to the upload URL answered ${put.status}: ${await put.text()}`);
      await events.next((event) => event.type === 'video.uploaded' && (event.data as { s3_key?: string }).s3_key === ticket.body.s3_key, 10_000);
      return ticket.body.s3_key as string;
    },
    requestJob: (episodeId, body, requestOptions = {}) => call('POST', `/api/v1/episodes/${episodeId}/process`, { json: body, ...requestOptions }),
    waitForJob: (id, statuses, timeoutMs = 20_000) =>
      waitFor(async () => {
        const reply = await call('GET', `/api/v1/processing-queue/${id}`);
        return statuses.includes(reply.body.status) ? (reply.body as Job) : undefined;
      }, { timeoutMs, intervalMs: 100, what: `job ${id} to be ${statuses.join(' or ')}` }),
    async stop() {
      await stopWorkers({ handBackAfterMs: 0 });
      await Promise.all([episodes.stop(), watcher.stop()]);
      await closeServer(server.server as Server);
      await closeServer(catalog.server as Server);
      await Promise.all([outbox.stop(), catalogOutbox.stop()]);
      await Promise.all([sequelize.close(), catalogDb.close()]);
    },
  };
}
