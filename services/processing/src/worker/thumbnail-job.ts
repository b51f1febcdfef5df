import type { EventDataOf, ProcessingJob, ThumbnailJobConfig } from '@episodic/contracts';
import { AppError } from '@episodic/core';
import { renderImage, storeImage, type ProcessedImage } from '@episodic/images';
import type { ObjectStore } from '@episodic/storage';
import { evenlySpreadPositions, pickFrame, type VideoTools } from '@episodic/video';

type Frame = NonNullable<EventDataOf<'processing.completed'>['result']['frames']>[number];

export interface FrameJobContext {
  tools: VideoTools;
  store: ObjectStore;
  /** Rendition widths when the job names none. */
  defaultWidths: readonly number[];
  signal: AbortSignal;
}

/**
 * thumbnail_generation: frames at the job's positions (or N evenly spread ones), each shifted
 * off black or faded frames, encoded by the same pipeline as uploads (original + WebP
 * renditions + quality rating) and stored where media keeps thumbnails. Keys are derived from
 * the job and the position, so a repeated attempt overwrites its own objects instead of adding
 * more. The frame with the best rating is named primary.
 */
export async function generateFrames(context: FrameJobContext, job: ProcessingJob, file: string) {
  const { tools, store, signal } = context;
  const config = job.job_config as ThumbnailJobConfig;
  const facts = await tools.probe(file, { signal });
  const positions = config.positions
    ? config.positions.filter((position) => position < facts.duration_seconds)
    : evenlySpreadPositions(facts.duration_seconds, config.count ?? 5);
  if (positions.length === 0) {
    throw new AppError('positions-out-of-range', 422, `Every position asked for is past the end of the video (${facts.duration_seconds} s).`);
  }
  const format = config.formats?.[0] ?? 'jpeg';
  const widths = config.widths ?? context.defaultWidths;
  const frames: Frame[] = [];
  const taken = new Set<number>();
  for (const position of positions) {
    const frame = await pickFrame(tools, file, position, { durationSeconds: facts.duration_seconds, signal });
    if (!frame || taken.has(frame.position_seconds)) continue;
    taken.add(frame.position_seconds);
    const image = await renderImage(frame, format, widths);
    frames.push(await storeFrame(store, job, frame.position_seconds, image));
  }
  if (frames.length === 0) throw new AppError('only-blank-frames', 422, 'Every frame near the asked positions is black or faded.');
  const best = frames.reduce((top, frame) => (frame.quality_rating > top.quality_rating ? frame : top));
  return { frames, primary_s3_key: best.s3_key };
}

async function storeFrame(store: ObjectStore, job: ProcessingJob, position: number, image: ProcessedImage): Promise<Frame> {
  const base = `episodes/${job.episode_id}/thumbnails/job-${job.id}-${position}`;
  const stored = await storeImage(store, image, { original: `${base}.${image.original.extension}`, rendition: (width) => `${base}-${width}.webp` });
  return { ...stored, s3_bucket: store.bucket, position_seconds: position, quality_rating: image.qualityRating };
}
