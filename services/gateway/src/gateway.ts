import type Koa from 'koa';
import type { Logger } from '@episodic/core';
import { jwksUrlOf, verifierFromConfig } from '@episodic/auth';
import { createCounter, createMetrics, type RequestState } from '@episodic/http';
import { awsSettingsOf, createAwsClients, createBatchPublisher, createPublisher, type BatchPublisher, type Publisher } from '@episodic/messaging';
import { DeadLetters, QueueDirectory } from '@episodic/operations';
import { TOPOLOGY } from '@episodic/infra';
import { AccessBuffer } from './access/access-buffer.ts';
import { acknowledgedSink, type AccessMode } from './access/access-modes.ts';
import { announceStop, InstanceAnnouncer } from './access/announcements.ts';
import { GroupCommit } from './access/group-commit.ts';
import { buildAdminApp, buildApp } from './app.ts';
import type { GatewayConfig } from './config.ts';
import { corsOriginsOf } from './edge/cors.ts';
import { parseRates } from './edge/rate-limit.ts';
import { createUpstream, type Upstream } from './proxy/upstream.ts';
import { readinessChecks } from './readiness.ts';
import type { UpstreamName } from './routing/upstream-routes.ts';

/** A wired gateway: its app, and what must be drained and closed on shutdown. */
export interface Gateway {
  app: Koa<RequestState>;
  /** /ready and /metrics, for the admin listener (GATEWAY_ADMIN_PORT). */
  admin: Koa<RequestState>;
  access: AccessBuffer;
  upstreams: Partial<Record<UpstreamName, Upstream>>;
  /** Publishes what it can of the access buffer (within `flushMs`), then closes the pools. */
  close(flushMs?: number): Promise<void>;
}

/**
 * Builds the gateway from its configuration: token verifier, one pool and breaker per
 * configured service, the SNS publisher behind the access buffer, and the app.
 * `publish` may be given to replace SNS (never needed in tests: they use the emulator).
 */
export function createGateway(config: GatewayConfig, logger: Logger, publish?: Publisher): Gateway {
  const jwksUrl = jwksUrlOf(config);
  const verifier = verifierFromConfig(config);
  const baseUrls: Record<UpstreamName, string | undefined> = {
    catalog: config.CATALOG_URL,
    audit: config.AUDIT_URL,
    media: config.MEDIA_URL,
    processing: config.PROCESSING_URL,
  };
  const upstreams: Partial<Record<UpstreamName, Upstream>> = {};
  for (const [name, baseUrl] of Object.entries(baseUrls) as [UpstreamName, string | undefined][]) {
    if (baseUrl) upstreams[name] = createUpstream(name, baseUrl, { timeoutMs: config.UPSTREAM_TIMEOUT_MS, connections: config.UPSTREAM_CONNECTIONS });
  }
  const sns = publish ? undefined : snsPublishers(config, logger);
  const metrics = createMetrics('gateway');
  const drops = createCounter(metrics, 'gateway_access_records_dropped_total', 'Access records dropped because the in-memory queue was full (best-effort losses).');
  const access = new AccessBuffer({
    ...(sns ?? { publish: publish! }),
    topic: config.GATEWAY_TOPIC,
    logger,
    capacity: config.GATEWAY_ACCESS_BUFFER,
    onDrop: () => drops.inc(),
  });
  const announcer = new InstanceAnnouncer({ mode: config.AUDIT_ACCESS_MODE as AccessMode });
  access.add(announcer.started());
  const commit = sns && config.AUDIT_ACCESS_MODE === 'acknowledged'
    ? new GroupCommit({ publishBatch: sns.publishBatch, topic: config.GATEWAY_TOPIC, logger, windowMs: config.GATEWAY_ACCESS_BATCH_WINDOW_MS, boundMs: config.GATEWAY_ACCESS_ACK_TIMEOUT_MS, maxInFlight: config.GATEWAY_ACCESS_BATCHES_IN_FLIGHT })
    : undefined;
  const readiness = readinessChecks(jwksUrl, baseUrls);
  const app = buildApp({
    logger,
    verifier,
    upstreams,
    access: commit ? acknowledgedSink(commit, access) : access,
    readiness,
    limits: { maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES, maxUploadBytes: config.GATEWAY_MAX_UPLOAD_BYTES },
    trustedProxies: config.GATEWAY_TRUSTED_PROXIES,
    publicUrl: config.PUBLIC_URL,
    contextKey: config.GATEWAY_CONTEXT_KEY,
    cors: { origins: corsOriginsOf(config.CORS_ORIGINS), allowCredentials: config.CORS_ALLOW_CREDENTIALS },
    rates: parseRates(config.GATEWAY_RATE_LIMITS),
    rateLimitCallers: config.GATEWAY_RATE_LIMIT_CALLERS,
    metrics,
    deadLetters: new DeadLetters(new QueueDirectory(createAwsClients(awsSettingsOf(config)).sqs, TOPOLOGY.queues), logger),
  });
  return {
    app,
    admin: buildAdminApp({ logger, readiness, metrics }),
    access,
    upstreams,
    close: async (flushMs = 3_000) => {
      await commit?.drain();
      const unpublished = await access.flush(flushMs);
      await announceStop(sns?.publish ?? publish!, config.GATEWAY_TOPIC, announcer.stopped(access.losses, unpublished), logger);
      await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
    },
  };
}

/** Access records go out in SNS batches of up to 10 (one signed call instead of ten). */
function snsPublishers(config: GatewayConfig, logger: Logger): { publish: Publisher; publishBatch: BatchPublisher } {
  const { sns } = createAwsClients(awsSettingsOf(config));
  const options = { sns, topicArnPrefix: config.SNS_TOPIC_ARN_PREFIX, logger, timeoutMs: config.GATEWAY_ACCESS_ACK_TIMEOUT_MS };
  return { publish: createPublisher(options), publishBatch: createBatchPublisher(options) };
}
