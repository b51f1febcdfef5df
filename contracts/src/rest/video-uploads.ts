import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';

/*
 * REST schemas of multipart video uploads: the file goes to S3 in parts through presigned part
 * URLs, the server lists what arrived (so a client resumes after a crash) and completes or aborts.
 */

/** S3's limits on a multipart upload, and so on these routes. */
export const MAX_PARTS = 10_000;
/** Part URLs one request may ask for. */
export const MAX_PART_URLS = 1000;

/** What becomes of a multipart upload. */
export const VIDEO_UPLOAD_STATUSES = ['uploading', 'completed', 'aborted', 'expired'] as const;

const partNumber = { type: 'integer', minimum: 1, maximum: MAX_PARTS } as const;
const etag = { type: 'string', minLength: 1, maxLength: 128, description: 'The ETag S3 answered the part PUT with (quotes optional).' } as const;

/** Path of the routes under one upload. */
export const VideoUploadParams = {
  $id: 'episodic:video-upload-params',
  title: 'VideoUploadParams',
  type: 'object',
  required: ['id', 'upload_id'],
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 2147483647 },
    upload_id: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'The `upload_id` the upload was started with.' },
  },
} as const;

/** GET …/part-urls query: a range of part numbers. Values arrive as strings: compile with `coerceTypes`. */
export const VideoPartUrlsQuery = {
  $id: 'episodic:video-part-urls-query',
  title: 'VideoPartUrlsQuery',
  type: 'object',
  additionalProperties: false,
  required: ['first'],
  properties: {
    first: { ...partNumber, description: 'First part number wanted.' },
    last: { ...partNumber, description: `Last part number wanted (default: first + 99, at most the upload's last part; at most ${MAX_PART_URLS} per request).` },
  },
} as const;

/** Presigned PUT URLs of a range of parts. */
export const VideoPartUrls = {
  $id: 'episodic:video-part-urls',
  title: 'VideoPartUrls',
  type: 'object',
  additionalProperties: false,
  required: ['upload_id', 'method', 'expires_at', 'parts'],
  properties: {
    upload_id: { type: 'integer', minimum: 1 },
    method: { const: 'PUT' },
    expires_at: { type: 'string', format: 'date-time', description: 'When these URLs stop working; ask for new ones after that.' },
    parts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['part_number', 'size_bytes', 'url'],
        properties: {
          part_number: partNumber,
          size_bytes: { type: 'integer', minimum: 1, description: 'Exactly this many bytes of the file go in this part.' },
          url: { type: 'string', format: 'uri' },
        },
      },
    },
  },
} as const;
export type VideoPartUrls = FromSchema<typeof VideoPartUrls>;

/** A multipart upload and the parts S3 holds so far. */
export const VideoMultipartUpload = {
  $id: 'episodic:video-multipart-upload',
  title: 'VideoMultipartUpload',
  type: 'object',
  additionalProperties: false,
  required: [
    'upload_type', 'upload_id', 'episode_id', 's3_key', 'content_type', 'size_bytes', 'status', 'part_size_bytes', 'part_count',
    'parts_received', 'bytes_received', 'missing_parts', 'expires_at', 'created_at', 'completed_at',
  ],
  properties: {
    upload_type: { const: 'multipart' },
    upload_id: { type: 'integer', minimum: 1 },
    episode_id: { type: 'integer', minimum: 1 },
    s3_key: { type: 'string', description: "Where the video will be; it becomes the episode's raw_video_s3_key once completed." },
    content_type: { type: 'string' },
    size_bytes: { type: 'integer', minimum: 1, description: 'The declared size; completing checks the parts add up to it.' },
    status: { type: 'string', enum: VIDEO_UPLOAD_STATUSES },
    part_size_bytes: { type: 'integer', minimum: 1, description: 'Every part but the last is exactly this long (S3: 5 MiB to 5 GiB, at most 10,000 parts).' },
    part_count: { type: 'integer', minimum: 1, maximum: MAX_PARTS },
    parts_received: {
      type: 'array',
      description: 'Parts S3 holds, by part number (empty once completed or aborted).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['part_number', 'size_bytes', 'etag'],
        properties: { part_number: partNumber, size_bytes: { type: 'integer', minimum: 0 }, etag: { type: 'string' } },
      },
    },
    bytes_received: { type: 'integer', minimum: 0 },
    missing_parts: { type: 'array', items: partNumber, description: 'Part numbers still to upload: resume with these.' },
    expires_at: { type: 'string', format: 'date-time', description: 'An upload not completed by then is aborted and its parts deleted.' },
    created_at: { type: 'string', format: 'date-time' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    part_urls: { ...embed(VideoPartUrls), description: 'In the answer that starts the upload: URLs of the first parts (more from …/part-urls).' },
  },
} as const;
export type VideoMultipartUpload = FromSchema<typeof VideoMultipartUpload>;

/** POST …/complete body: optionally the parts as the client saw them, checked against S3's list. */
export const VideoUploadComplete = {
  $id: 'episodic:video-upload-complete',
  title: 'VideoUploadComplete',
  type: 'object',
  additionalProperties: false,
  properties: {
    parts: {
      type: 'array',
      maxItems: MAX_PARTS,
      description: 'Optional: every part with the ETag its PUT answered; a different or missing ETag is a 422 naming the part.',
      items: { type: 'object', additionalProperties: false, required: ['part_number', 'etag'], properties: { part_number: partNumber, etag } },
    },
  },
} as const;
export type VideoUploadComplete = FromSchema<typeof VideoUploadComplete>;
