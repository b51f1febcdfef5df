import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { embed, type Episode, type EventType, type Metadata, type ProcessingJob, type Thumbnail } from '../src/index.ts';

/*
 * Realistic values for the contract tests. Typed with the derived types, so `tsc` also checks
 * that FromSchema gives types that accept real data.
 */

/** Strict ajv (unknown keywords are errors), as a consumer would compile our schemas. */
const strictAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(strictAjv);
/** Query strings arrive as strings: the HTTP layer compiles with coercion and defaults. */
const queryAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, coerceTypes: true, useDefaults: true });
addFormats.default(queryAjv);

const compiled = new WeakMap<object, ValidateFunction>();

/** Whether `value` passes `schema` (compiled once per schema object). */
export function passes(schema: object, value: unknown): boolean {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = strictAjv.compile(embed(schema));
    compiled.set(schema, validate);
  }
  return validate(value);
}

/** The query after coercion and defaults, or the error paths when it is invalid. */
export function coerceQuery(schema: object, query: Record<string, string>): { ok: true; value: Record<string, unknown> } | { ok: false; paths: string[] } {
  const value: Record<string, unknown> = { ...query };
  const validate = queryAjv.compile(embed(schema));
  if (validate(value)) return { ok: true, value };
  return { ok: false, paths: (validate.errors ?? []).map((error) => error.instancePath || `/${String(error.params['additionalProperty'] ?? '')}`) };
}

export const episode: Episode = {
  id: 42,
  show_name: 'The Lighthouse Keepers',
  season_number: 2,
  episode_number: 5,
  episode_title: 'Low Tide',
  air_date: '2025-03-14',
  plot_summary: 'A storm cuts the island off; Mara finds the logbook.',
  director: 'Ines Duarte',
  writer: 'Tom Okafor',
  duration_minutes: 52,
  rating: 8.1,
  genre: 'Drama',
  thumbnail_url: 'https://cdn.example.com/episodes/42/thumb.jpg',
  poster_url: null,
  video_url: null,
  raw_video_s3_key: 'episodes/42/raw/source.mp4',
  processed_video_s3_key: null,
  metadata_json_s3_key: null,
  processing_status: 'processing',
  upload_date: '2026-01-05T09:30:00.000Z',
  last_modified: '2026-01-06T11:02:17.412Z',
};

export const metadata: Metadata = {
  id: 7,
  episode_id: 42,
  extracted_text: 'NORTH POINT LIGHT 1887',
  scenes_detected: [{ start_seconds: 0, end_seconds: 94.2, label: 'cold open' }, { start_seconds: 94.2 }],
  sentiment_analysis: { overall: 'tense', score: -0.31 },
  visual_objects: [{ label: 'lighthouse', confidence: 0.97 }],
  transcription: null,
  tags: ['storm', 'island'],
  categories: ['Drama', 'Mild peril'],
  extraction_timestamp: '2026-01-06T11:00:00.000Z',
  processing_duration_seconds: 184,
  technical_metadata: {
    duration_seconds: 2841.6, width: 1920, height: 1080, video_codec: 'h264', audio_codec: 'aac',
    bit_rate: 2_068_000, frame_rate: 25, format: 'mov,mp4,m4a,3gp,3g2,mj2', size_bytes: 734_003_200,
  },
  created_at: '2026-01-06T11:00:03.000Z',
  updated_at: '2026-01-06T11:00:03.000Z',
};

export const thumbnail: Thumbnail = {
  id: 9,
  episode_id: 42,
  s3_bucket: 'episodic-media',
  s3_key: 'episodes/42/thumbnails/6f1d2c3b-8a4e-4b5f-9c6d-7e8f9a0b1c2d.jpg',
  file_size_bytes: 412_733,
  mime_type: 'image/jpeg',
  width_pixels: 1920,
  height_pixels: 1080,
  format: 'jpeg',
  thumbnail_type: 'primary',
  position_seconds: 754,
  generated_at: '2026-01-06T11:04:00.000Z',
  quality_rating: 0.82,
  renditions: [
    { s3_key: 'episodes/42/thumbnails/6f1d2c3b-8a4e-4b5f-9c6d-7e8f9a0b1c2d-1280.webp', file_size_bytes: 98_112, mime_type: 'image/webp', width_pixels: 1280, height_pixels: 720, format: 'webp' },
    { s3_key: 'episodes/42/thumbnails/6f1d2c3b-8a4e-4b5f-9c6d-7e8f9a0b1c2d-320.webp', file_size_bytes: 9_870, mime_type: 'image/webp', width_pixels: 320, height_pixels: 180, format: 'webp' },
  ],
};

export const job: ProcessingJob = {
  id: 12,
  episode_id: 42,
  job_type: 'thumbnail_generation',
  status: 'completed',
  sqs_message_id: '5fea7756-0ea4-451a-a703-a558b933e274',
  job_config: { count: 5 },
  error_message: null,
  retry_count: 0,
  max_retries: 3,
  created_at: '2026-01-06T11:00:00.000Z',
  started_at: '2026-01-06T11:00:01.000Z',
  completed_at: '2026-01-06T11:00:09.000Z',
};

/** A body with the required create fields only. */
export const minimalCreate = { show_name: 'The Lighthouse Keepers', season_number: 2, episode_number: 6, episode_title: 'Slack Water' };

/** A realistic `data` for each event type. */
export const eventData: Record<EventType, Record<string, unknown>> = {
  'episode.created': { episode },
  'episode.updated': { before: episode, after: { ...episode, rating: 8.4, genre: 'Mystery' }, changed: ['rating', 'genre'] },
  'episode.deleted': { episode, deleted_at: '2026-01-07T08:00:00.000Z' },
  'metadata.stored': { metadata },
  'metadata.updated': { before: metadata, after: { ...metadata, tags: ['storm'], updated_at: '2026-01-08T10:00:00.000Z' } },
  'thumbnail.created': { thumbnail, demoted_primary: { ...thumbnail, id: 3, thumbnail_type: 'frame' } },
  'thumbnail.deleted': { thumbnail, reason: 'episode_deleted' },
  'video.uploaded': { episode_id: 42, s3_bucket: 'episodic-media', s3_key: 'episodes/42/video/0b9c7f4e.mp4', content_type: 'video/mp4', size_bytes: 734_003_200 },
  'processing.requested': { job: { ...job, status: 'pending', started_at: null, completed_at: null }, video: { s3_bucket: 'episodic-media', s3_key: 'episodes/42/video/0b9c7f4e.mp4' } },
  'processing.started': { job: { ...job, status: 'processing', completed_at: null } },
  'processing.completed': {
    job,
    result: {
      frames: [{ s3_bucket: 'episodic-media', s3_key: 'episodes/42/thumbnails/job-12-754.jpg', file_size_bytes: 201_337, mime_type: 'image/jpeg', width_pixels: 1920, height_pixels: 1080, format: 'jpeg', position_seconds: 754, quality_rating: 0.82, renditions: [] }],
      primary_s3_key: 'episodes/42/thumbnails/job-12-754.jpg',
    },
  },
  'processing.failed': { job: { ...job, status: 'failed', retry_count: 3, error_message: 'video-unreadable: moov atom not found' } },
  'access.recorded': { action: 'view', resource_type: 'episode', resource_id: 42, method: 'GET', path: '/api/v1/episodes/42', status: 200, outcome: 'success' },
  'gateway.started': { instance: '5b0c1e9a-gw', access_mode: 'best-effort', started_at: '2026-01-06T10:00:00.000Z' },
  'gateway.stopped': {
    instance: '5b0c1e9a-gw', access_mode: 'best-effort', started_at: '2026-01-06T10:00:00.000Z', stopped_at: '2026-01-06T12:00:00.000Z',
    dropped: 3, unpublished: 1, first_lost_at: '2026-01-06T11:40:00.000Z', last_lost_at: '2026-01-06T12:00:00.000Z',
  },
};

/** A whole CloudEvents message of `type` around `data`, as the publisher builds it. */
export function envelope(type: EventType, data: unknown) {
  return {
    specversion: '1.0',
    id: '0b9c7f4e-2d6a-4c1b-9a53-8f0e6d2c1b7a',
    source: type === 'access.recorded' ? 'episodic/gateway' : type.startsWith('thumbnail.') ? 'episodic/media' : /^(processing|video)\./.test(type) ? 'episodic/processing' : 'episodic/catalog',
    type,
    time: '2026-01-06T11:02:17.412Z',
    subject: 'episodes/42',
    datacontenttype: 'application/json',
    data,
    actor: { user_id: '5f1c3c2e-editor', roles: ['editor'], ip: '203.0.113.9', user_agent: 'curl/8.5.0' },
    correlationid: 'req-7f3a9c',
  };
}
