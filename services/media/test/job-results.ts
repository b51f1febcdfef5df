import type { Sharp } from 'sharp';
import type { EventOf } from '@episodic/contracts';
import { processImage, storeImage } from '@episodic/images';
import { createEvent, SYSTEM_ACTOR, type CloudEvent } from '@episodic/messaging';
import { noise, solid } from '@episodic/testing';
import type { JobFrame } from '../src/domain/job-frames.ts';
import type { MediaUnderTest } from './media-under-test.ts';

type CompletedData = EventOf<'processing.completed'>['data'];
type JobType = CompletedData['job']['job_type'];

/** Pictures of clearly different quality: a flat grey (poor), a blurred photo (fair), a sharp one (best). */
export const FRAME_PICTURES: Record<string, () => Sharp> = {
  flat: () => solid(160, 90, '#777777'),
  blurred: () => noise(160, 90).blur(4),
  sharp: () => noise(160, 90),
};

/**
 * Does what processing's worker does for one job: renders each picture as a JPEG frame with WebP
 * renditions, puts them in media's bucket under `episodes/<id>/thumbnails/job-<job>-<position>…`,
 * and returns the frames as processing.completed reports them.
 *
 *   const frames = await storeFrames(app, episodeId, 7, { 0: 'flat', 30: 'sharp' });
 */
export async function storeFrames(app: MediaUnderTest, episodeId: number, jobId: number, pictures: Record<number, keyof typeof FRAME_PICTURES>): Promise<JobFrame[]> {
  return Promise.all(Object.entries(pictures).map(async ([position, picture]) => {
    const bytes = await FRAME_PICTURES[picture]!().jpeg().toBuffer();
    const image = await processImage(bytes, { maxPixels: 1_000_000, widths: [128, 64] });
    const base = `episodes/${episodeId}/thumbnails/job-${jobId}-${position}`;
    const stored = await storeImage(app.store, image, { original: `${base}.jpg`, rendition: (width) => `${base}-${width}.webp` });
    return { ...stored, s3_bucket: app.store.bucket, position_seconds: Number(position), quality_rating: image.qualityRating };
  }));
}

/** The frame with the best quality_rating, as the worker names it in primary_s3_key. */
export function bestOf(frames: readonly JobFrame[]): JobFrame {
  return frames.reduce((best, frame) => (frame.quality_rating > best.quality_rating ? frame : best));
}

/**
 * A processing.completed event as processing publishes it, for a job of `jobType` (thumbnail
 * frames by default) whose result holds `frames`, the best one named primary.
 */
export function completedEvent(episodeId: number, jobId: number, frames: JobFrame[], jobType: JobType = 'thumbnail_generation'): CloudEvent<CompletedData> {
  const now = new Date().toISOString();
  return createEvent({
    source: 'episodic/processing',
    type: 'processing.completed',
    subject: `episodes/${episodeId}/jobs/${jobId}`,
    data: {
      job: {
        id: jobId, episode_id: episodeId, job_type: jobType, status: 'completed', sqs_message_id: `message-${jobId}`,
        job_config: {}, error_message: null, retry_count: 0, max_retries: 3, created_at: now, started_at: now, completed_at: now,
      },
      result: { frames, primary_s3_key: frames.length > 0 ? bestOf(frames).s3_key : null },
    },
    actor: SYSTEM_ACTOR,
    correlationId: `job-${jobId}-completed`,
  });
}
