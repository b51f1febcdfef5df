import { loadConfig, type ConfigOf } from '@episodic/core';
import { COGNITO_SETTINGS } from '@episodic/auth';
import { GATEWAY_CONTEXT_SETTINGS } from '@episodic/http';
import { connectionOf, databaseSettings } from '@episodic/db';
import { AWS_SETTINGS, lambdaSettings } from '@episodic/messaging';
import { TRACING_SETTINGS } from '@episodic/tracing';
import { OUTBOX_HISTORY_SETTINGS } from '@episodic/operations';
import { STORAGE_SETTINGS } from '@episodic/storage';
import { VIDEO_SETTINGS } from '@episodic/video';

/**
 * Every setting the processing service (API, upload watcher and job worker) reads from its
 * environment. The README's configuration table is generated from these descriptions.
 */
export const PROCESSING_CONFIG = {
  ...AWS_SETTINGS,
  ...TRACING_SETTINGS,
  ...OUTBOX_HISTORY_SETTINGS,
  ...STORAGE_SETTINGS,
  ...VIDEO_SETTINGS,
  ...COGNITO_SETTINGS,
  ...GATEWAY_CONTEXT_SETTINGS,
  PORT: { type: 'integer', default: 3004, minimum: 0, maximum: 65535, description: 'TCP port of the processing API (0 picks a free port). Only the gateway should reach it.' },
  HOST: { type: 'string', default: '127.0.0.1', description: 'Interface to listen on; 0.0.0.0 in a container so the gateway can reach it.' },
  LOG_LEVEL: { type: 'string', default: 'info', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' },
  ...databaseSettings('processing', 'processing_queue, video_uploads, known_episodes, outbox, inbox'),
  DATABASE_POOL_MAX: { type: 'integer', default: 10, minimum: 1, description: 'Connections processing may hold open to its database.' },
  MIGRATE_ON_START: { type: 'boolean', default: false, description: 'Apply pending migrations from migrations/processing before serving, under an advisory lock (replicas starting together migrate once); `npm start` migrates by itself.' },
  CATALOG_URL: { type: 'string', pattern: '^https?://', description: 'Base URL of the catalog service, asked once about an episode processing has not heard of yet.' },
  CATALOG_TIMEOUT_MS: { type: 'integer', default: 3000, minimum: 1, description: 'How long processing waits for catalog to answer that question before answering 503.' },
  PROCESSING_TOPIC: { type: 'string', default: 'processing-events', description: 'SNS topic (name) processing publishes video.uploaded and processing.* events to.' },
  PROCESSING_CONSUMER_ENABLED: { type: 'boolean', default: true, description: "Consume PROCESSING_QUEUE_NAME (catalog's episode events) in this process; false when that consumer runs as a Lambda (src/lambda.ts). The jobs worker is WORKER_CONCURRENCY's business and never runs as a Lambda." },
  PROCESSING_QUEUE_NAME: { type: 'string', default: 'processing-episode-events', description: "SQS queue (name) of catalog's episode.* events for processing." },
  JOBS_QUEUE_NAME: { type: 'string', default: 'processing-jobs', description: 'SQS work queue (name) of jobs, fed by processing.requested.' },
  SQS_WAIT_SECONDS: { type: 'integer', default: 20, minimum: 0, maximum: 20, description: 'Long-poll wait of each receive on both queues.' },
  WORKER_CONCURRENCY: { type: 'integer', default: 1, minimum: 0, maximum: 10, description: 'Jobs this process works on at once (0: API only, no worker). Each frame job uses ffmpeg and sharp on all cores.' },
  JOB_MAX_RETRIES: { type: 'integer', default: 3, minimum: 0, maximum: 10, description: 'Failed attempts retried before a job is failed for good and its message goes to the DLQ.' },
  JOB_RETRY_BASE_SECONDS: { type: 'integer', default: 5, minimum: 1, description: 'Backoff before the first retry; doubles with each failed attempt.' },
  JOB_VISIBILITY_SECONDS: { type: 'integer', default: 60, minimum: 5, maximum: 43200, description: 'How long a job message stays hidden per heartbeat; a worker that dies leaves its job to be picked up again after this long.' },
  JOB_HAND_BACK_AFTER_MS: { type: 'integer', default: 20_000, minimum: 0, description: 'On SIGTERM, how long the job in hand may run on before it is stopped and handed back to the queue.' },
  THUMBNAIL_WIDTHS: { type: 'string', default: '1280,640,320', pattern: '^\\d{1,5}(,\\d{1,5})*$', description: 'Default WebP rendition widths of generated frames (a job may name its own).' },
  VIDEO_MAX_BYTES: { type: 'integer', default: 107_374_182_400, minimum: 1, description: 'Largest raw video (bytes) an upload is started for (100 GiB).' },
  VIDEO_SINGLE_PUT_MAX_BYTES: { type: 'integer', default: 5_368_709_120, minimum: 1, maximum: 5_368_709_120, description: 'Largest video (bytes) one presigned PUT is issued for (S3: 5 GiB; the local emulator takes 11 MiB in one request); larger ones go in parts.' },
  VIDEO_PART_SIZE_BYTES: { type: 'integer', default: 8_388_608, minimum: 5_242_880, maximum: 5_368_709_120, description: 'Preferred part size of multipart video uploads; larger (whole MiB) only when 10,000 parts would not cover the file (100 GiB: 11 MiB, still under the emulator\'s 11 MiB request limit).' },
  VIDEO_UPLOAD_EXPIRES_HOURS: { type: 'integer', default: 24, minimum: 1, maximum: 168, description: 'A multipart upload not completed this long after it started is aborted and its parts deleted (the sweeper locally; the bucket lifecycle rule in AWS).' },
  VIDEO_UPLOAD_SWEEP_INTERVAL_MS: { type: 'integer', default: 60_000, minimum: 10, description: 'How often expired multipart uploads are looked for and aborted.' },
  FRAME_CONCURRENCY: { type: 'integer', default: 2, minimum: 1, maximum: 8, description: 'Frames one thumbnail job decodes (ffmpeg by range requests) and encodes at once.' },
  VIDEO_UPLOAD_CHECK_INTERVAL_MS: { type: 'integer', default: 2000, minimum: 10, description: 'How often processing looks in S3 for videos whose upload URL was handed out.' },
  OUTBOX_POLL_INTERVAL_MS: { type: 'integer', default: 1000, minimum: 10, description: 'How often the outbox relay looks for unpublished events besides being woken by each commit.' },
  SNS_TOPIC_ARN_PREFIX: { type: 'string', default: 'arn:aws:sns:us-east-1:000000000000:', description: 'Topic ARN without the topic name (arn:aws:sns:<region>:<account>:).' },
} as const;

export type ProcessingConfig = ConfigOf<typeof PROCESSING_CONFIG>;

/** Reads and validates processing's settings; a bad value stops the process naming the variable. */
export function readProcessingConfig(env: Record<string, string | undefined> = process.env): ProcessingConfig {
  const config = loadConfig(PROCESSING_CONFIG, env);
  connectionOf(config);
  return config;
}

/** What processing's event consumer reads when it runs as a Lambda (src/lambda.ts): the settings above without those of serving HTTP, plus DATABASE_SECRET_ARN. */
export const PROCESSING_LAMBDA_CONFIG = lambdaSettings(PROCESSING_CONFIG);

export function readProcessingLambdaConfig(env: Record<string, string | undefined>): ConfigOf<typeof PROCESSING_LAMBDA_CONFIG> {
  return loadConfig(PROCESSING_LAMBDA_CONFIG, env);
}
