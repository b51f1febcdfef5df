import type { Episode } from '../contract-types.ts';
import type { Episode as EpisodeRow } from '../models/index.ts';

/** The instant as clients see it: ISO-8601 UTC with milliseconds. */
export function isoTime(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * The contracts' Episode from a row: rating as a number (pg returns DECIMAL as a string),
 * air_date as 'YYYY-MM-DD', times as ISO strings; deleted_at never leaves the service.
 */
export function toEpisode(row: EpisodeRow): Episode {
  const value = row.get({ plain: true });
  return {
    id: value.id,
    show_name: value.show_name,
    season_number: value.season_number,
    episode_number: value.episode_number,
    episode_title: value.episode_title,
    air_date: value.air_date,
    plot_summary: value.plot_summary,
    director: value.director,
    writer: value.writer,
    duration_minutes: value.duration_minutes,
    rating: value.rating === null ? null : Number(value.rating),
    genre: value.genre,
    thumbnail_url: value.thumbnail_url,
    poster_url: value.poster_url,
    video_url: value.video_url,
    raw_video_s3_key: value.raw_video_s3_key,
    processed_video_s3_key: value.processed_video_s3_key,
    metadata_json_s3_key: value.metadata_json_s3_key,
    processing_status: value.processing_status,
    upload_date: isoTime(value.upload_date)!,
    last_modified: isoTime(value.last_modified)!,
  } as Episode;
}

/** The Episode of a row, marked `deleted: true` when it is soft-deleted (a sync's tombstone). */
export function toEpisodeOrTombstone(row: EpisodeRow): Episode {
  const episode = toEpisode(row);
  return row.get('deleted_at') === null ? episode : { ...episode, deleted: true };
}
