import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';

/*
 * REST schemas of processing: the seed's `processing_queue` columns, the job request, and the
 * presigned upload of an episode's raw video.
 */

export const JOB_TYPES = ['thumbnail_generation', 'metadata_extraction'] as const;

/** pending → processing → completed | failed; `cancelled` when the episode was deleted first. */
export const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;

/** The video types an upload URL can be asked for. */
export const VIDEO_CONTENT_TYPES = ['video/mp4', 'video/quicktime', 'video/x-matroska', 'video/webm'] as const;

const position = { type: 'integer', minimum: 0, maximum: 86400 } as const;

/** `config` of a thumbnail_generation job: positions or a count (not both), and the rendition widths. */
export const ThumbnailJobConfig = {
  $id: 'episodic:thumbnail-job-config',
  title: 'ThumbnailJobConfig',
  type: 'object',
  additionalProperties: false,
  not: { required: ['positions', 'count'] },
  properties: {
    positions: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: position, description: 'Seconds into the video to take frames at.' },
    count: { type: 'integer', minimum: 1, maximum: 50, description: 'Frames evenly spread over the video (default 5 when no positions are given).' },
    widths: { type: 'array', minItems: 1, maxItems: 5, uniqueItems: true, items: { type: 'integer', minimum: 16, maximum: 3840 }, description: 'WebP rendition widths (default the media service\'s 1280, 640, 320).' },
    formats: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: ['jpeg', 'webp'] }, description: 'Format of each full-size frame (default jpeg); renditions are WebP.' },
  },
} as const;
export type ThumbnailJobConfig = FromSchema<typeof ThumbnailJobConfig>;

/** `config` of a metadata_extraction job. */
export const MetadataJobConfig = {
  $id: 'episodic:metadata-job-config',
  title: 'MetadataJobConfig',
  type: 'object',
  additionalProperties: false,
  properties: {
    scene_threshold: { type: 'number', minimum: 0.05, maximum: 0.95, description: 'ffmpeg scene score above which a cut is reported (default 0.3).' },
  },
} as const;
export type MetadataJobConfig = FromSchema<typeof MetadataJobConfig>;

/** POST /episodes/{id}/process body. */
export const ProcessRequest = {
  $id: 'episodic:process-request',
  title: 'ProcessRequest',
  type: 'object',
  additionalProperties: false,
  required: ['job_type'],
  properties: {
    job_type: { type: 'string', enum: JOB_TYPES },
    config: { type: 'object' },
  },
  allOf: [
    { if: { properties: { job_type: { const: 'thumbnail_generation' } } }, then: { properties: { config: embed(ThumbnailJobConfig) } } },
    { if: { properties: { job_type: { const: 'metadata_extraction' } } }, then: { properties: { config: embed(MetadataJobConfig) } } },
  ],
} as const;
export type ProcessRequest = FromSchema<typeof ProcessRequest>;

/** A job as the API and the events show it (the SQS receipt handle stays inside processing). */
export const ProcessingJob = {
  $id: 'episodic:processing-job',
  title: 'ProcessingJob',
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'episode_id', 'job_type', 'status', 'sqs_message_id', 'job_config', 'error_message', 'retry_count', 'max_retries',
    'created_at', 'started_at', 'completed_at',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    episode_id: { type: 'integer', minimum: 1 },
    job_type: { type: 'string', enum: JOB_TYPES },
    status: { type: 'string', enum: JOB_STATUSES },
    sqs_message_id: { type: ['string', 'null'], description: 'The SQS message of the attempt in hand or the last one.' },
    job_config: { type: 'object', description: 'The validated config, defaults applied.' },
    error_message: { type: ['string', 'null'], description: 'Why the last attempt failed, or why the job was cancelled.' },
    retry_count: { type: 'integer', minimum: 0, description: 'Attempts that failed so far.' },
    max_retries: { type: 'integer', minimum: 0 },
    created_at: { type: 'string', format: 'date-time' },
    started_at: { type: ['string', 'null'], format: 'date-time', description: 'When the current or last attempt started.' },
    completed_at: { type: ['string', 'null'], format: 'date-time', description: 'When it completed, failed for good or was cancelled.' },
  },
} as const;
export type ProcessingJob = FromSchema<typeof ProcessingJob>;

/** GET /processing-queue query. Values arrive as strings: compile with `coerceTypes` and `useDefaults`. */
export const ProcessingQueueQuery = {
  $id: 'episodic:processing-queue-query',
  title: 'ProcessingQueueQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size; above 100 is a 400, not a clamp.' },
    cursor: { type: 'string', maxLength: 1024, description: 'The `next_cursor` of the previous page (same filters).' },
    status: { type: 'string', enum: JOB_STATUSES },
    job_type: { type: 'string', enum: JOB_TYPES },
    episode_id: { type: 'integer', minimum: 1, maximum: 2147483647 },
  },
} as const;

/** A page of jobs, newest first. */
export const ProcessingJobList = {
  $id: 'episodic:processing-job-list',
  title: 'ProcessingJobList',
  type: 'object',
  additionalProperties: false,
  required: ['items', 'limit', 'next_cursor'],
  properties: {
    items: { type: 'array', items: embed(ProcessingJob) },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    next_cursor: { type: ['string', 'null'] },
  },
} as const;

/** POST /episodes/{id}/video and POST /episodes/{id}/video/uploads body: what the client will upload. */
export const VideoUploadRequest = {
  $id: 'episodic:video-upload-request',
  title: 'VideoUploadRequest',
  type: 'object',
  additionalProperties: false,
  required: ['content_type', 'size_bytes'],
  properties: {
    content_type: { type: 'string', enum: VIDEO_CONTENT_TYPES },
    size_bytes: { type: 'integer', minimum: 1, maximum: 5497558138880, description: 'Exact size of the file (at most VIDEO_MAX_BYTES, 100 GiB by default; one PUT takes at most VIDEO_SINGLE_PUT_MAX_BYTES); the upload must be exactly this many bytes.' },
  },
} as const;
export type VideoUploadRequest = FromSchema<typeof VideoUploadRequest>;

/** The answer of POST /episodes/{id}/video: one presigned PUT for exactly that content type and size. */
export const VideoUpload = {
  $id: 'episodic:video-upload',
  title: 'VideoUpload',
  type: 'object',
  additionalProperties: false,
  required: ['episode_id', 's3_key', 'upload_url', 'method', 'headers', 'expires_at'],
  properties: {
    episode_id: { type: 'integer', minimum: 1 },
    s3_key: { type: 'string', description: "Where the video will be; it becomes the episode's raw_video_s3_key once it is there." },
    upload_url: { type: 'string', format: 'uri' },
    method: { const: 'PUT' },
    headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Send exactly these headers with the PUT.' },
    expires_at: { type: 'string', format: 'date-time' },
  },
} as const;
export type VideoUpload = FromSchema<typeof VideoUpload>;
