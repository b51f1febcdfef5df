import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';
import { Episode } from '../rest/episodes.ts';
import { Metadata } from '../rest/metadata.ts';
import { Rendition, Thumbnail } from '../rest/thumbnails.ts';
import { ProcessingJob } from '../rest/processing.ts';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../rest/audit.ts';
import type { EventType } from './types.ts';

/*
 * The `data` of each event type, version 1. These are a public API: downstream systems
 * validate against them, so a change that is not purely additive needs a new version.
 */

const episode = embed(Episode);
const metadata = embed(Metadata);
const thumbnail = embed(Thumbnail);
const job = embed(ProcessingJob);

const episodeCreated = {
  $id: 'episodic:event:episode.created:v1',
  title: 'episode.created v1',
  type: 'object',
  additionalProperties: false,
  required: ['episode'],
  properties: { episode },
} as const;

const episodeUpdated = {
  $id: 'episodic:event:episode.updated:v1',
  title: 'episode.updated v1',
  type: 'object',
  additionalProperties: false,
  required: ['before', 'after', 'changed'],
  properties: {
    before: episode,
    after: episode,
    changed: { type: 'array', uniqueItems: true, items: { type: 'string', enum: Episode.required }, description: 'Fields whose value differs (last_modified aside).' },
  },
} as const;

const episodeDeleted = {
  $id: 'episodic:event:episode.deleted:v1',
  title: 'episode.deleted v1',
  description: '`episode` is the episode as it was just before the (soft) delete.',
  type: 'object',
  additionalProperties: false,
  required: ['episode'],
  properties: {
    episode,
    deleted_at: { type: 'string', format: 'date-time', description: 'When it was deleted (the event `time` when absent).' },
  },
} as const;

const metadataStored = {
  $id: 'episodic:event:metadata.stored:v1',
  title: 'metadata.stored v1',
  type: 'object',
  additionalProperties: false,
  required: ['metadata'],
  properties: { metadata },
} as const;

const metadataUpdated = {
  $id: 'episodic:event:metadata.updated:v1',
  title: 'metadata.updated v1',
  type: 'object',
  additionalProperties: false,
  required: ['before', 'after'],
  properties: { before: metadata, after: metadata },
} as const;

const thumbnailCreated = {
  $id: 'episodic:event:thumbnail.created:v1',
  title: 'thumbnail.created v1',
  description: 'A thumbnail was stored (original and renditions are in S3). A new primary names the one it demoted.',
  type: 'object',
  additionalProperties: false,
  required: ['thumbnail', 'demoted_primary'],
  properties: {
    thumbnail,
    demoted_primary: { anyOf: [thumbnail, { type: 'null' }], description: 'The former primary, as it is now (cover or frame); null if none was demoted.' },
  },
} as const;

const thumbnailDeleted = {
  $id: 'episodic:event:thumbnail.deleted:v1',
  title: 'thumbnail.deleted v1',
  description: '`thumbnail` is the row as it was; its S3 objects are gone.',
  type: 'object',
  additionalProperties: false,
  required: ['thumbnail', 'reason'],
  properties: {
    thumbnail,
    reason: { type: 'string', enum: ['deleted', 'episode_deleted'], description: 'deleted: DELETE /thumbnails/{id}; episode_deleted: its episode was deleted.' },
  },
} as const;

/** A frame a thumbnail_generation job stored in S3 (original and renditions), for media to adopt. */
const generatedFrame = {
  type: 'object',
  additionalProperties: false,
  required: ['s3_bucket', 's3_key', 'file_size_bytes', 'mime_type', 'width_pixels', 'height_pixels', 'format', 'position_seconds', 'quality_rating', 'renditions'],
  properties: {
    s3_bucket: Thumbnail.properties.s3_bucket,
    s3_key: Thumbnail.properties.s3_key,
    file_size_bytes: Thumbnail.properties.file_size_bytes,
    mime_type: Thumbnail.properties.mime_type,
    width_pixels: Thumbnail.properties.width_pixels,
    height_pixels: Thumbnail.properties.height_pixels,
    format: Thumbnail.properties.format,
    position_seconds: { type: 'integer', minimum: 0 },
    quality_rating: { type: 'number', minimum: 0, maximum: 1 },
    renditions: { type: 'array', items: embed(Rendition) },
  },
} as const;

/** What ffprobe and scene detection found in a video (metadata_extraction). */
const technical = {
  type: 'object',
  additionalProperties: false,
  required: ['duration_seconds', 'width', 'height', 'video_codec', 'audio_codec', 'bit_rate', 'frame_rate', 'format', 'size_bytes'],
  properties: {
    duration_seconds: { type: 'number', minimum: 0 },
    width: { type: 'integer', minimum: 1 },
    height: { type: 'integer', minimum: 1 },
    video_codec: { type: 'string' },
    audio_codec: { type: ['string', 'null'] },
    bit_rate: { type: ['integer', 'null'], minimum: 0, description: 'Bits per second.' },
    frame_rate: { type: ['number', 'null'], minimum: 0 },
    format: { type: 'string', description: 'Container, as ffprobe names it.' },
    size_bytes: { type: 'integer', minimum: 0 },
  },
} as const;

const videoUploaded = {
  $id: 'episodic:event:video.uploaded:v1',
  title: 'video.uploaded v1',
  description: "An episode's raw video arrived in S3 through its presigned URL; catalog records the key.",
  type: 'object',
  additionalProperties: false,
  required: ['episode_id', 's3_bucket', 's3_key', 'content_type', 'size_bytes'],
  properties: {
    episode_id: { type: 'integer', minimum: 1 },
    s3_bucket: { type: 'string', minLength: 1 },
    s3_key: { type: 'string', minLength: 1, maxLength: 512 },
    content_type: { type: 'string' },
    size_bytes: { type: 'integer', minimum: 1 },
  },
} as const;

const processingRequested = {
  $id: 'episodic:event:processing.requested:v1',
  title: 'processing.requested v1',
  description: 'A job was queued; the processing-jobs queue receives this event as its work item.',
  type: 'object',
  additionalProperties: false,
  required: ['job', 'video'],
  properties: {
    job,
    video: {
      type: 'object',
      additionalProperties: false,
      required: ['s3_bucket', 's3_key'],
      properties: { s3_bucket: { type: 'string', minLength: 1 }, s3_key: { type: 'string', minLength: 1 } },
    },
  },
} as const;

const processingStarted = {
  $id: 'episodic:event:processing.started:v1',
  title: 'processing.started v1',
  description: 'A worker started an attempt (retry_count says how many failed before).',
  type: 'object',
  additionalProperties: false,
  required: ['job'],
  properties: { job },
} as const;

const processingCompleted = {
  $id: 'episodic:event:processing.completed:v1',
  title: 'processing.completed v1',
  description: 'A job finished. thumbnail_generation: the frames stored in S3 (media adopts them; the best becomes primary). metadata_extraction: the technical metadata and scene changes (catalog stores them).',
  type: 'object',
  additionalProperties: false,
  required: ['job', 'result'],
  properties: {
    job,
    result: {
      type: 'object',
      additionalProperties: false,
      properties: {
        frames: { type: 'array', items: generatedFrame },
        primary_s3_key: { type: ['string', 'null'], description: 'The frame with the best quality_rating.' },
        technical,
        scene_changes: { type: 'array', items: { type: 'number', minimum: 0 }, description: 'Seconds where a new scene starts.' },
      },
    },
  },
} as const;

const processingFailed = {
  $id: 'episodic:event:processing.failed:v1',
  title: 'processing.failed v1',
  description: 'A job failed for good (retries exhausted, or an input no retry can fix) or was cancelled; job.error_message says why.',
  type: 'object',
  additionalProperties: false,
  required: ['job'],
  properties: { job },
} as const;

const accessRecorded = {
  $id: 'episodic:event:access.recorded:v1',
  title: 'access.recorded v1',
  description: 'A read or download, or a request that was denied or failed (successful writes are recorded from their domain events).',
  type: 'object',
  additionalProperties: false,
  required: ['action', 'resource_type', 'resource_id', 'method', 'path', 'status', 'outcome'],
  properties: {
    action: { type: 'string', enum: AUDIT_ACTIONS },
    resource_type: { type: 'string', minLength: 1, maxLength: 100 },
    resource_id: { type: ['integer', 'null'] },
    method: { type: 'string', pattern: '^[A-Z]{3,10}$' },
    path: { type: 'string', minLength: 1, maxLength: 2048, description: 'Request path without the query string.' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
  },
} as const;

const instance = { type: 'string', minLength: 1, maxLength: 100, description: 'Id of one gateway process, new at every start.' } as const;
const accessMode = { type: 'string', enum: ['acknowledged', 'best-effort'], description: 'AUDIT_ACCESS_MODE of the instance.' } as const;

const gatewayStarted = {
  $id: 'episodic:event:gateway.started:v1',
  title: 'gateway.started v1',
  description: 'A gateway instance started; until its gateway.stopped arrives, the audit trail counts it as a possible gap (it may die with records unsent).',
  type: 'object',
  additionalProperties: false,
  required: ['instance', 'access_mode', 'started_at'],
  properties: { instance, access_mode: accessMode, started_at: { type: 'string', format: 'date-time' } },
} as const;

const gatewayStopped = {
  $id: 'episodic:event:gateway.stopped:v1',
  title: 'gateway.stopped v1',
  description: 'A gateway instance stopped cleanly, with the access records it lost: dropped (buffer full) and unpublished at shutdown, and their time window.',
  type: 'object',
  additionalProperties: false,
  required: ['instance', 'access_mode', 'started_at', 'stopped_at', 'dropped', 'unpublished', 'first_lost_at', 'last_lost_at'],
  properties: {
    instance,
    access_mode: accessMode,
    started_at: { type: 'string', format: 'date-time' },
    stopped_at: { type: 'string', format: 'date-time' },
    dropped: { type: 'integer', minimum: 0, description: 'Records dropped because the in-memory queue was full.' },
    unpublished: { type: 'integer', minimum: 0, description: 'Records still queued when the shutdown flush gave up.' },
    first_lost_at: { type: ['string', 'null'], format: 'date-time' },
    last_lost_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** The data schema of every event type; its `$id` is the value for a CloudEvents `dataschema`. */
export const EVENT_DATA_SCHEMAS = {
  'episode.created': episodeCreated,
  'episode.updated': episodeUpdated,
  'episode.deleted': episodeDeleted,
  'metadata.stored': metadataStored,
  'metadata.updated': metadataUpdated,
  'thumbnail.created': thumbnailCreated,
  'thumbnail.deleted': thumbnailDeleted,
  'video.uploaded': videoUploaded,
  'processing.requested': processingRequested,
  'processing.started': processingStarted,
  'processing.completed': processingCompleted,
  'processing.failed': processingFailed,
  'access.recorded': accessRecorded,
  'gateway.started': gatewayStarted,
  'gateway.stopped': gatewayStopped,
} as const satisfies Record<EventType, { $id: string }>;

/** The `data` of an event of type T, e.g. `EventDataOf<'episode.updated'>['changed']`. */
export type EventDataOf<T extends EventType> = FromSchema<(typeof EVENT_DATA_SCHEMAS)[T]>;
