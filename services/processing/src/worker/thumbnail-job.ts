import type { EventDataOf, ProcessingJob, ThumbnailJobConfig } from '@episodic/contracts';
import { AppError } from '@episodic/core';
import { renderImage, storeImage, type ProcessedImage } from '@episodic/images';
import type { ObjectStore } from '@episodic/storage';
import { evenlySpreadPositions, isBlankFrame, nearestSeconds, pickFrame, type VideoFrame, type VideoTools } from '@episodic/video';
import { inParallel } from './in-parallel.ts';
import type { VideoSource } from './video-source.ts';

type Frame = NonNullable<EventDataOf<'processing.completed'>['result']['frames']>[number];

/** Seconds tried per missing frame beyond the ±5 s shifts (a mostly black video must not decode forever). */
const WIDER_SEARCH = 120;

export interface FrameJobContext {
  tools: VideoTools;
  store: ObjectStore;
  /** Rendition widths when the job names none. */
  defaultWidths: readonly number[];
  /** Frames decoded (and encoded) at once; 2 keeps two cores busy while ffmpeg waits on S3. */
  concurrency: number;
  signal: AbortSignal;
}

/**
 * thumbnail_generation: frames at the job's positions (or N evenly spread ones), each shifted off
 * black or faded frames to the nearest usable second no other frame of the job holds, so a job
 * asked for N frames gets N distinct ones whenever the video has N usable seconds. The asked
 * positions are decoded in parallel (each a seek by range requests on the presigned URL), the few
 * that need shifting one after another. Frames are encoded by the upload pipeline (original + WebP
 * renditions + quality rating) and stored where media keeps thumbnails, under keys derived from
 * the job and the position (a repeated attempt overwrites its own objects). The best is primary.
 */
export async function generateFrames(context: FrameJobContext, job: ProcessingJob, source: VideoSource) {
  const { tools, signal } = context;
  const config = job.job_config as ThumbnailJobConfig;
  const facts = await tools.probe(await source(), { signal });
  const duration = facts.duration_seconds;
  const positions = config.positions
    ? [...new Set(config.positions.filter((position) => position < duration))]
    : evenlySpreadPositions(duration, config.count ?? 5);
  if (positions.length === 0) {
    throw new AppError('positions-out-of-range', 422, `Every position asked for is past the end of the video (${duration} s).`);
  }
  const asked = await inParallel(positions, context.concurrency, async (position) => {
    const frame = await tools.frameAt(await source(), position, { signal });
    return isBlankFrame(frame) ? undefined : frame;
  });
  const taken = new Set<number>();
  const picked: VideoFrame[] = [];
  const shifted: number[] = [];
  asked.forEach((frame, index) => {
    if (frame && !taken.has(frame.position_seconds)) {
      taken.add(frame.position_seconds);
      picked.push(frame);
    } else shifted.push(positions[index]!);
  });
  for (const position of shifted) {
    const frame = await nearestUsable(context, source, position, duration, taken);
    if (frame) {
      taken.add(frame.position_seconds);
      picked.push(frame);
    }
  }
  if (picked.length === 0) throw new AppError('only-blank-frames', 422, 'Every frame near the asked positions is black or faded.');
  const format = config.formats?.[0] ?? 'jpeg';
  const widths = config.widths ?? context.defaultWidths;
  const frames = await inParallel(picked.sort((a, b) => a.position_seconds - b.position_seconds), context.concurrency, async (frame) =>
    storeFrame(context.store, job, frame.position_seconds, await renderImage(frame, format, widths)));
  const best = frames.reduce((top, frame) => (frame.quality_rating > top.quality_rating ? frame : top));
  return { frames, primary_s3_key: best.s3_key };
}

/** The usable frame nearest to `position` at a second not taken: the ±5 s shifts, then further out. */
async function nearestUsable(context: FrameJobContext, source: VideoSource, position: number, duration: number, taken: ReadonlySet<number>): Promise<VideoFrame | undefined> {
  const { tools, signal } = context;
  const near = await pickFrame(tools, await source(), position, { durationSeconds: duration, taken, signal });
  if (near) return near;
  for (const second of nearestSeconds(position, duration).filter((s) => !taken.has(s) && Math.abs(s - position) > 5).slice(0, WIDER_SEARCH)) {
    const frame = await tools.frameAt(await source(), second, { signal });
    if (!isBlankFrame(frame) && !taken.has(frame.position_seconds)) return frame;
  }
  return undefined;
}

async function storeFrame(store: ObjectStore, job: ProcessingJob, position: number, image: ProcessedImage): Promise<Frame> {
  const base = `episodes/${job.episode_id}/thumbnails/job-${job.id}-${position}`;
  const stored = await storeImage(store, image, { original: `${base}.${image.original.extension}`, rendition: (width) => `${base}-${width}.webp` });
  return { ...stored, s3_bucket: store.bucket, position_seconds: position, quality_rating: image.qualityRating };
}
