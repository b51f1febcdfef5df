import type { EventDataOf } from '@episodic/contracts';
import type { MetadataValues } from '../data/metadata-repository.ts';

type Completed = EventDataOf<'processing.completed'>;
/** What ffprobe found, as processing.completed carries it. */
export type TechnicalMetadata = NonNullable<Completed['result']['technical']>;
/** One entry of metadata's scenes_detected. */
export type Scene = { start_seconds: number; end_seconds?: number };

/**
 * The metadata a completed metadata_extraction job stores: the technical metadata, its scenes,
 * when it finished (extraction_timestamp) and how long its last attempt took. Fields the result
 * lacks are left out, so an update keeps what was stored.
 *
 *   extractedMetadata(job, { technical, scene_changes: [8, 14] })
 *   // { technical_metadata: technical, scenes_detected: scenesOf([8, 14], technical.duration_seconds),
 *   //   extraction_timestamp: job.completed_at, processing_duration_seconds: 73 }
 */
export function extractedMetadata(job: Completed['job'], result: Completed['result']): MetadataValues {
  const values: MetadataValues = {
    extraction_timestamp: job.completed_at,
    processing_duration_seconds: secondsBetween(job.started_at, job.completed_at),
  };
  if (result.technical) values.technical_metadata = result.technical;
  if (result.scene_changes) values.scenes_detected = scenesOf(result.scene_changes, result.technical?.duration_seconds);
  return values;
}

/**
 * Scenes from the times where a new one starts: each ends where the next starts and the last at
 * the video's end (open when the duration is unknown). The opening scene starts at 0 even though
 * scene detection reports only cuts.
 *
 *   scenesOf([8, 14], 20)
 *   // [{ start_seconds: 0, end_seconds: 8 }, { start_seconds: 8, end_seconds: 14 }, { start_seconds: 14, end_seconds: 20 }]
 */
export function scenesOf(changes: readonly number[], durationSeconds?: number): Scene[] {
  const starts = [...new Set([0, ...changes])].sort((a, b) => a - b);
  return starts.map((start, index) => {
    const end = starts[index + 1] ?? durationSeconds;
    return end === undefined ? { start_seconds: start } : { start_seconds: start, end_seconds: Math.max(start, end) };
  });
}

/**
 * An episode's duration_minutes from its video: whole minutes, at least 1.
 *
 *   durationMinutesOf({ duration_seconds: 2841.6, ... }) // 47
 */
export function durationMinutesOf(technical: TechnicalMetadata): number {
  return Math.max(1, Math.round(technical.duration_seconds / 60));
}

function secondsBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}
