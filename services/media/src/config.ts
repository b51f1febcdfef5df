import { loadConfig, type ConfigOf } from '@episodic/core';
import { COGNITO_SETTINGS } from '@episodic/auth';
import { GATEWAY_CONTEXT_SETTINGS } from '@episodic/http';
import { connectionOf, databaseSettings } from '@episodic/db';
import { AWS_SETTINGS, lambdaSettings } from '@episodic/messaging';
import { TRACING_SETTINGS } from '@episodic/tracing';
import { OUTBOX_HISTORY_SETTINGS } from '@episodic/operations';
import { STORAGE_SETTINGS } from '@episodic/storage';

/**
 * Every setting the media service reads from its environment. The README's configuration
 * table is generated from these descriptions, so each says what the setting is for.
 */
export const MEDIA_CONFIG = {
  ...AWS_SETTINGS,
  ...TRACING_SETTINGS,
  ...OUTBOX_HISTORY_SETTINGS,
  ...STORAGE_SETTINGS,
  ...COGNITO_SETTINGS,
  ...GATEWAY_CONTEXT_SETTINGS,
  PORT: { type: 'integer', default: 3003, minimum: 0, maximum: 65535, description: 'TCP port of the media API (0 picks a free port). Only the gateway should reach it.' },
  HOST: { type: 'string', default: '127.0.0.1', description: 'Interface to listen on; 0.0.0.0 in a container so the gateway can reach it.' },
  LOG_LEVEL: { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' },
  ...databaseSettings('media', 'thumbnails, known_episodes, outbox, inbox, object_deletions'),
  DATABASE_POOL_MAX: { type: 'integer', default: 10, minimum: 1, description: 'Connections media may hold open to its database.' },
  MIGRATE_ON_START: { type: 'boolean', default: false, description: 'Apply pending migrations from migrations/media before serving, under an advisory lock (replicas starting together migrate once); `npm start` migrates by itself.' },
  CATALOG_URL: { type: 'string', pattern: '^https?://', description: 'Base URL of the catalog service, asked once about an episode media has not heard of yet (e.g. one created a moment ago).' },
  CATALOG_TIMEOUT_MS: { type: 'integer', default: 3000, minimum: 1, description: 'How long media waits for catalog to answer that question before answering 503.' },
  MEDIA_TOPIC: { type: 'string', default: 'media-events', description: 'SNS topic (name) media publishes thumbnail.* events to.' },
  MEDIA_CONSUMER_ENABLED: { type: 'boolean', default: true, description: "Consume MEDIA_QUEUE_NAME in this process; false when media's consumer of episode events runs as a Lambda (src/lambda.ts) and this process serves the API, relays the outbox and sweeps objects." },
  MEDIA_QUEUE_NAME: { type: 'string', default: 'media-episode-events', description: "SQS queue (name) media consumes: catalog's episode.* events and processing.completed (frames to adopt)." },
  SQS_WAIT_SECONDS: { type: 'integer', default: 20, minimum: 0, maximum: 20, description: 'Long-poll wait of each receive on the queue.' },
  MEDIA_MAX_UPLOAD_BYTES: { type: 'integer', default: 15_728_640, minimum: 1, description: 'Largest image (bytes) an upload may carry; larger ones get 413.' },
  MEDIA_UPLOADS_AT_ONCE: { type: 'integer', default: 8, minimum: 1, description: 'Uploads media reads and processes at once; one more gets 503 with Retry-After before its body is read.' },
  MEDIA_UPLOAD_BUFFER_BYTES: { type: 'integer', default: 67_108_864, minimum: 1, description: 'Bytes of upload bodies (their Content-Length; a chunked one counts as MEDIA_MAX_UPLOAD_BYTES) media holds at once; beyond it, 503 with Retry-After before the body is read. With the defaults, at most 4 uploads of 15 MiB (npm run bench measures the RSS under 50).' },
  MEDIA_MAX_PIXELS: { type: 'integer', default: 40_000_000, minimum: 1, description: 'Largest image (width × height) media decodes; larger ones get 422 (decompression-bomb guard).' },
  MEDIA_RENDITION_WIDTHS: { type: 'string', default: '1280,640,320', pattern: '^\\d{1,5}(,\\d{1,5})*$', description: 'Widths (pixels, comma-separated) of the WebP renditions stored beside each original; never wider than the original.' },
  MEDIA_IMAGE_CONCURRENCY: { type: 'integer', default: 4, minimum: 1, description: 'Images decoded and encoded at once; further uploads wait their turn. 4 keeps 2 cores busy with 1080p uploads under 300 MB RSS (npm run bench). A slot holds decoded pixels no wider than the widest rendition (the original streams through libvips), except that an EXIF-rotated original is turned whole: up to MEDIA_MAX_PIXELS × 4 bytes.' },
  OUTBOX_POLL_INTERVAL_MS: { type: 'integer', default: 1000, minimum: 10, description: 'How often the outbox relay looks for unpublished events besides being woken by each commit.' },
  OBJECT_SWEEP_INTERVAL_MS: { type: 'integer', default: 5000, minimum: 10, description: 'How often S3 objects left behind (a deleted thumbnail, a failed upload) are looked for and deleted.' },
  UPLOAD_GRACE_SECONDS: { type: 'integer', default: 600, minimum: 1, description: "How long an upload's objects may sit in S3 before its row commits; after that, an uncommitted upload's objects are deleted." },
  SNS_TOPIC_ARN_PREFIX: { type: 'string', default: 'arn:aws:sns:us-east-1:000000000000:', description: 'Topic ARN without the topic name (arn:aws:sns:<region>:<account>:).' },
} as const;

export type MediaConfig = ConfigOf<typeof MEDIA_CONFIG>;

/** Reads and validates media's settings; a bad value stops the process naming the variable. */
export function readMediaConfig(env: Record<string, string | undefined> = process.env): MediaConfig {
  const config = loadConfig(MEDIA_CONFIG, env);
  connectionOf(config);
  return config;
}

/** `'1280,640,320'` → `[1280, 640, 320]`, widest first, without zeros or repeats. */
export function renditionWidths(setting: string): number[] {
  const widths = setting.split(',').map(Number).filter((width) => width > 0);
  return [...new Set(widths)].sort((a, b) => b - a);
}

/** What media's event consumer reads when it runs as a Lambda (src/lambda.ts): the settings above without those of serving HTTP, plus DATABASE_SECRET_ARN. */
export const MEDIA_LAMBDA_CONFIG = lambdaSettings(MEDIA_CONFIG);

export function readMediaLambdaConfig(env: Record<string, string | undefined>): ConfigOf<typeof MEDIA_LAMBDA_CONFIG> {
  return loadConfig(MEDIA_LAMBDA_CONFIG, env);
}
