import type { Thumbnail } from '@episodic/contracts';
import type { Thumbnail as ThumbnailRow } from '../models/Thumbnail.ts';

/** The contracts' Thumbnail from a row: the time as ISO-8601, the DECIMAL rating as a number. */
export function toThumbnail(row: ThumbnailRow): Thumbnail {
  const value = row.get({ plain: true });
  return {
    id: value.id,
    episode_id: value.episode_id,
    s3_bucket: value.s3_bucket,
    s3_key: value.s3_key,
    file_size_bytes: value.file_size_bytes,
    mime_type: value.mime_type,
    width_pixels: value.width_pixels,
    height_pixels: value.height_pixels,
    format: value.format,
    thumbnail_type: value.thumbnail_type as Thumbnail['thumbnail_type'],
    position_seconds: value.position_seconds,
    generated_at: new Date(value.generated_at).toISOString(),
    quality_rating: value.quality_rating === null ? null : Number(value.quality_rating),
    renditions: value.renditions,
  };
}

/** Every S3 key a thumbnail occupies: the original and each rendition. */
export function objectKeysOf(thumbnail: Pick<Thumbnail, 's3_key' | 'renditions'>): string[] {
  return [thumbnail.s3_key, ...thumbnail.renditions.map((rendition) => rendition.s3_key)];
}
