import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';

/*
 * REST schemas of thumbnails: the seed's `thumbnails` columns, plus `renditions` (the WebP
 * derivatives stored beside the original, which the seed's one-object row could not name).
 */

/** What a thumbnail is for; an episode has at most one `primary`. */
export const THUMBNAIL_TYPES = ['primary', 'cover', 'poster', 'frame'] as const;

/** The image formats an upload may be, judged by its bytes. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'avif'] as const;

const imageFacts = {
  s3_key: { type: 'string', minLength: 1, maxLength: 512, description: 'Object key in `s3_bucket`.' },
  file_size_bytes: { type: 'integer', minimum: 1 },
  mime_type: { type: 'string', maxLength: 50, description: 'e.g. image/webp' },
  width_pixels: { type: 'integer', minimum: 1 },
  height_pixels: { type: 'integer', minimum: 1 },
  format: { type: 'string', maxLength: 20, description: 'jpeg, png, webp or avif.' },
} as const;

/** One stored derivative: the image resized to a configured width, as WebP. */
export const Rendition = {
  $id: 'episodic:rendition',
  title: 'Rendition',
  type: 'object',
  additionalProperties: false,
  required: ['s3_key', 'file_size_bytes', 'mime_type', 'width_pixels', 'height_pixels', 'format'],
  properties: imageFacts,
} as const;
export type Rendition = FromSchema<typeof Rendition>;

/** A thumbnail as the API and the events show it: every column, null where unknown. */
export const Thumbnail = {
  $id: 'episodic:thumbnail',
  title: 'Thumbnail',
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'episode_id', 's3_bucket', 's3_key', 'file_size_bytes', 'mime_type', 'width_pixels', 'height_pixels', 'format',
    'thumbnail_type', 'position_seconds', 'generated_at', 'quality_rating', 'renditions',
  ],
  properties: {
    id: { type: 'integer', minimum: 1, readOnly: true },
    episode_id: { type: 'integer', minimum: 1, readOnly: true },
    s3_bucket: { type: 'string', minLength: 1, maxLength: 255, readOnly: true },
    ...imageFacts,
    thumbnail_type: { type: 'string', enum: THUMBNAIL_TYPES },
    position_seconds: { type: ['integer', 'null'], minimum: 0, description: 'Where in the video the frame was taken; null for uploads of other images.' },
    generated_at: { type: 'string', format: 'date-time', readOnly: true },
    quality_rating: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'Sharpness, exposure and entropy combined, 0 (unusable) to 1.' },
    renditions: { type: 'array', items: embed(Rendition), description: 'The WebP derivatives, widest first.' },
  },
} as const;
export type Thumbnail = FromSchema<typeof Thumbnail>;

const downloadUrl = { type: 'string', format: 'uri', description: 'A time-limited URL that a plain HTTP GET fetches the bytes from.' } as const;

/** GET /thumbnails/{id}: the thumbnail with time-limited download URLs for it and each rendition. */
export const ThumbnailDetails = {
  $id: 'episodic:thumbnail-details',
  title: 'ThumbnailDetails',
  type: 'object',
  additionalProperties: false,
  required: [...Thumbnail.required, 'download_url', 'download_url_expires_at'],
  properties: {
    ...Thumbnail.properties,
    renditions: {
      type: 'array',
      description: 'The WebP derivatives, widest first, each with its own download URL.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...Rendition.required, 'download_url'],
        properties: { ...Rendition.properties, download_url: downloadUrl },
      },
    },
    download_url: downloadUrl,
    download_url_expires_at: { type: 'string', format: 'date-time', description: 'When the download URLs stop working.' },
  },
} as const;
export type ThumbnailDetails = FromSchema<typeof ThumbnailDetails>;

/** GET /episodes/{id}/thumbnails query. Values arrive as strings: compile with `coerceTypes` and `useDefaults`. */
export const ThumbnailListQuery = {
  $id: 'episodic:thumbnail-list-query',
  title: 'ThumbnailListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Page size; above 100 is a 400, not a clamp.' },
    cursor: { type: 'string', maxLength: 1024, description: 'The `next_cursor` of the previous page (same filter).' },
    thumbnail_type: { type: 'string', enum: THUMBNAIL_TYPES, description: 'Only thumbnails of this type.' },
  },
} as const;
export type ThumbnailListQuery = FromSchema<typeof ThumbnailListQuery>;

/** An episode's thumbnails, the primary first, then newest first (keyset pagination). */
export const ThumbnailList = {
  $id: 'episodic:thumbnail-list',
  title: 'ThumbnailList',
  type: 'object',
  additionalProperties: false,
  required: ['items', 'limit', 'next_cursor'],
  properties: {
    items: { type: 'array', items: embed(Thumbnail) },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last one.' },
  },
} as const;
export type ThumbnailList = FromSchema<typeof ThumbnailList>;

/**
 * The text fields of POST /episodes/{id}/thumbnails (multipart/form-data). Form values arrive as
 * strings: compile with `coerceTypes`.
 */
export const ThumbnailUploadFields = {
  $id: 'episodic:thumbnail-upload-fields',
  title: 'ThumbnailUploadFields',
  type: 'object',
  additionalProperties: false,
  required: ['thumbnail_type'],
  properties: {
    thumbnail_type: { type: 'string', enum: THUMBNAIL_TYPES, description: 'A new `primary` demotes the current one (to `frame` if it has a position, else `cover`).' },
    position_seconds: { type: 'integer', minimum: 0, maximum: 604800, description: 'Where in the video the image shows, if it is a frame.' },
  },
} as const;
export type ThumbnailUploadFields = FromSchema<typeof ThumbnailUploadFields>;

/** The whole multipart body of an upload, as documented: the image in `file`, then the fields. */
export const ThumbnailUpload = {
  $id: 'episodic:thumbnail-upload',
  title: 'ThumbnailUpload',
  type: 'object',
  additionalProperties: false,
  required: ['file', ...ThumbnailUploadFields.required],
  properties: {
    file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The image: JPEG, PNG, WebP or AVIF, judged by its bytes.' },
    ...ThumbnailUploadFields.properties,
  },
} as const;
