import { embed } from '../embed.ts';

/** REST schemas of episodes: the seed's `episodes` columns, snake_case (DESIGN §10). */
const nullableString = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;
const nullableUri = { type: ['string', 'null'], format: 'uri', maxLength: 512 } as const;

export const PROCESSING_STATUSES = ['pending', 'processing', 'complete', 'failed'] as const;

/** The fields a client may write. */
const writable = {
  show_name: { type: 'string', minLength: 1, maxLength: 255 },
  season_number: { type: 'integer', minimum: 0, maximum: 10000 },
  episode_number: { type: 'integer', minimum: 0, maximum: 100000 },
  episode_title: { type: 'string', minLength: 1, maxLength: 255 },
  air_date: { type: ['string', 'null'], format: 'date' },
  plot_summary: nullableString(20000),
  director: nullableString(255),
  writer: nullableString(255),
  duration_minutes: { type: ['integer', 'null'], minimum: 1, maximum: 1440 },
  /** Stored as DECIMAL(3,1): a second decimal is rounded. (No multipleOf: ajv's float division rejects 8.1.) */
  rating: { type: ['number', 'null'], minimum: 0, maximum: 10 },
  genre: nullableString(100),
  thumbnail_url: nullableUri,
  poster_url: nullableUri,
  video_url: nullableUri,
} as const;

export const Episode = {
  $id: 'episodic:episode',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'show_name', 'season_number', 'episode_number', 'episode_title', 'processing_status', 'upload_date', 'last_modified'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    ...writable,
    raw_video_s3_key: nullableString(512),
    processed_video_s3_key: nullableString(512),
    metadata_json_s3_key: nullableString(512),
    processing_status: { type: ['string', 'null'], enum: [...PROCESSING_STATUSES, null] },
    upload_date: { type: 'string', format: 'date-time' },
    last_modified: { type: 'string', format: 'date-time' },
    deleted_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const EpisodeCreate = {
  $id: 'episodic:episode-create',
  type: 'object',
  additionalProperties: false,
  required: ['show_name', 'season_number', 'episode_number', 'episode_title'],
  properties: writable,
} as const;

export const EpisodeUpdate = {
  $id: 'episodic:episode-update',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: writable,
} as const;

export const EPISODE_SORTS = ['show', 'air_date', '-air_date'] as const;

export const EpisodeListQuery = {
  $id: 'episodic:episode-list-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    cursor: { type: 'string', maxLength: 1024 },
    show_name: { type: 'string', minLength: 1, maxLength: 255 },
    season_number: { type: 'integer', minimum: 0 },
    processing_status: { type: 'string', enum: PROCESSING_STATUSES },
    air_date_from: { type: 'string', format: 'date' },
    air_date_to: { type: 'string', format: 'date' },
    sort: { type: 'string', enum: EPISODE_SORTS, default: 'show' },
  },
} as const;

export const IdParams = {
  $id: 'episodic:id-params',
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
} as const;

export const EpisodeList = {
  $id: 'episodic:episode-list',
  type: 'object',
  required: ['items', 'limit', 'next_cursor'],
  properties: {
    items: { type: 'array', items: embed(Episode) },
    limit: { type: 'integer' },
    next_cursor: { type: ['string', 'null'] },
  },
} as const;
