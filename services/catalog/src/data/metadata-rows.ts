import type { Metadata } from '../contract-types.ts';
import type { MetadataStorage } from '../models/index.ts';
import { isoTime } from './episode-rows.ts';

/** The contracts' Metadata from a row: times as ISO strings, JSON columns as parsed values. */
export function toMetadata(row: MetadataStorage): Metadata {
  const value = row.get({ plain: true });
  return {
    id: value.id,
    episode_id: value.episode_id,
    extracted_text: value.extracted_text,
    scenes_detected: value.scenes_detected ?? null,
    sentiment_analysis: value.sentiment_analysis ?? null,
    visual_objects: value.visual_objects ?? null,
    transcription: value.transcription,
    tags: value.tags ?? null,
    categories: value.categories ?? null,
    extraction_timestamp: isoTime(value.extraction_timestamp),
    processing_duration_seconds: value.processing_duration_seconds,
    technical_metadata: value.technical_metadata ?? null,
    created_at: isoTime(value.created_at)!,
    updated_at: isoTime(value.updated_at)!,
  } as Metadata;
}
