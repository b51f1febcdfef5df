import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';

/*
 * REST schemas of episodes: the seed's `episodes` columns, snake_case (DESIGN §10).
 * `deleted_at` never leaves the catalog service, so no schema here names it: a write that
 * sends it is rejected like any other unknown field.
 */

const nullableString = (maxLength: number, description: string) => ({ type: ['string', 'null'], maxLength, description }) as const;
/**
 * A URL a client may write: an absolute URI whose scheme is http or https (any case). `format: 'uri'`
 * alone lets `javascript:`, `data:` and `file:` through, which a client rendering the link would run
 * or open. Answers and events keep the published v1 shape (format only): what is written is checked.
 */
export const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$';
const writableUri = (description: string) => ({ type: ['string', 'null'], format: 'uri', pattern: HTTP_URL_PATTERN, maxLength: 512, description: `${description} http: or https: only.` }) as const;
const storedUri = (description: string) => ({ type: ['string', 'null'], format: 'uri', maxLength: 512, description }) as const;
const s3Key = (description: string) => ({ type: ['string', 'null'], maxLength: 512, description, readOnly: true }) as const;

/** The values of `processing_status` (null until a video is uploaded). */
export const PROCESSING_STATUSES = ['pending', 'processing', 'complete', 'failed'] as const;

/** The orders a list can come in; `show` is show_name, season_number, episode_number, id. */
export const EPISODE_SORTS = ['show', 'air_date', '-air_date'] as const;

/** The fields a client may write: shared by create, update and the response. */
const writable = {
  show_name: { type: 'string', minLength: 1, maxLength: 255 },
  season_number: { type: 'integer', minimum: 0, maximum: 10000 },
  episode_number: { type: 'integer', minimum: 0, maximum: 100000 },
  episode_title: { type: 'string', minLength: 1, maxLength: 255 },
  air_date: { type: ['string', 'null'], format: 'date', description: 'First air date, YYYY-MM-DD.' },
  plot_summary: nullableString(20000, 'Synopsis.'),
  director: nullableString(255, 'Director(s), as credited.'),
  writer: nullableString(255, 'Writer(s), as credited.'),
  duration_minutes: { type: ['integer', 'null'], minimum: 1, maximum: 1440, description: 'Running time in whole minutes.' },
  /*
   * Stored as DECIMAL(3,1), so a second decimal is rounded on write. No `multipleOf: 0.1`:
   * ajv checks it by float division, which rejects values such as 8.1 (8.1 / 0.1 = 80.99…).
   */
  rating: { type: ['number', 'null'], minimum: 0, maximum: 10, description: 'Rating from 0 to 10, one decimal (more are rounded).' },
  genre: nullableString(100, 'Genre label, e.g. "Drama".'),
  thumbnail_url: writableUri('Public URL of the main thumbnail.'),
  poster_url: writableUri('Public URL of the poster.'),
  video_url: writableUri('Public URL of the playable video.'),
} as const;

/** An episode as the API and the events show it: every column, null where unknown. */
export const Episode = {
  $id: 'episodic:episode',
  title: 'Episode',
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'show_name', 'season_number', 'episode_number', 'episode_title', 'air_date', 'plot_summary', 'director', 'writer',
    'duration_minutes', 'rating', 'genre', 'thumbnail_url', 'poster_url', 'video_url', 'raw_video_s3_key',
    'processed_video_s3_key', 'metadata_json_s3_key', 'processing_status', 'upload_date', 'last_modified',
  ],
  properties: {
    id: { type: 'integer', minimum: 1, readOnly: true },
    ...writable,
    thumbnail_url: storedUri('Public URL of the main thumbnail.'),
    poster_url: storedUri('Public URL of the poster.'),
    video_url: storedUri('Public URL of the playable video.'),
    raw_video_s3_key: s3Key('S3 key of the uploaded source video (set by the system).'),
    processed_video_s3_key: s3Key('S3 key of the processed video (set by processing).'),
    metadata_json_s3_key: s3Key('S3 key of the extracted metadata JSON (set by processing).'),
    processing_status: {
      type: ['string', 'null'],
      enum: [...PROCESSING_STATUSES, null],
      readOnly: true,
      description: 'Where video processing stands; null before any video.',
    },
    upload_date: { type: 'string', format: 'date-time', readOnly: true, description: 'When the episode was created.' },
    last_modified: { type: 'string', format: 'date-time', readOnly: true, description: 'When it last changed; also its ETag version.' },
    deleted: { type: 'boolean', const: true, readOnly: true, description: 'Only on tombstones in an `updated_since` list: the episode was deleted (at `last_modified`).' },
  },
} as const;
export type Episode = FromSchema<typeof Episode>;

/** POST /episodes body: the client-writable fields; unknown and read-only fields are rejected. */
export const EpisodeCreate = {
  $id: 'episodic:episode-create',
  title: 'EpisodeCreate',
  type: 'object',
  additionalProperties: false,
  required: ['show_name', 'season_number', 'episode_number', 'episode_title'],
  properties: writable,
} as const;
export type EpisodeCreate = FromSchema<typeof EpisodeCreate>;

/** PUT and PATCH /episodes/{id} body: any non-empty subset of the writable fields. */
export const EpisodeUpdate = {
  $id: 'episodic:episode-update',
  title: 'EpisodeUpdate',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: writable,
} as const;
export type EpisodeUpdate = FromSchema<typeof EpisodeUpdate>;

/** GET /episodes query. Values arrive as strings: compile with `coerceTypes` and `useDefaults`. */
export const EpisodeListQuery = {
  $id: 'episodic:episode-list-query',
  title: 'EpisodeListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size; above 100 is a 400, not a clamp.' },
    cursor: { type: 'string', maxLength: 1024, description: 'The `next_cursor` of the previous page (same filters and sort).' },
    show_name: { type: 'string', minLength: 1, maxLength: 255, description: 'Exact show name.' },
    season_number: { type: 'integer', minimum: 0 },
    processing_status: { type: 'string', enum: PROCESSING_STATUSES },
    air_date_from: { type: 'string', format: 'date', description: 'Aired on or after this date.' },
    air_date_to: { type: 'string', format: 'date', description: 'Aired on or before this date.' },
    sort: { type: 'string', enum: EPISODE_SORTS, default: 'show', description: 'show = show_name, season_number, episode_number, id.' },
    updated_since: {
      type: 'string',
      format: 'date-time',
      description: 'Sync: episodes changed at or after this instant (RFC 3339), deleted ones as tombstones (`deleted: true`), ordered by last_modified and id; `sort` is then ignored.',
    },
  },
} as const;
export type EpisodeListQuery = FromSchema<typeof EpisodeListQuery>;

/** The `{id}` path parameter of every per-resource route (a positive int4). */
export const IdParams = {
  $id: 'episodic:id-params',
  title: 'IdParams',
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
} as const;
export type IdParams = FromSchema<typeof IdParams>;

/** A page of episodes (keyset pagination; `next_cursor` is null on the last page). */
export const EpisodeList = {
  $id: 'episodic:episode-list',
  title: 'EpisodeList',
  type: 'object',
  additionalProperties: false,
  required: ['items', 'limit', 'next_cursor'],
  properties: {
    items: { type: 'array', items: embed(Episode) },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last one.' },
    total: { type: 'integer', minimum: 0, description: 'Matching episodes in all pages, where counting is cheap.' },
  },
} as const;
export type EpisodeList = FromSchema<typeof EpisodeList>;
