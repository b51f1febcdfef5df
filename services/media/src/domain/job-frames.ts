import type { Transaction } from 'sequelize';
import type { EventOf } from '@episodic/contracts';
import { applyOnce, type InboxOutcome } from '@episodic/db';
import type { CloudEvent } from '@episodic/messaging';
import { objectKeysOf } from '../data/thumbnail-rows.ts';
import { isThumbnailKeyOf } from './object-keys.ts';
import type { NewThumbnail } from '../data/thumbnail-repository.ts';
import type { WriteMeta } from './events.ts';
import type { MediaDeps } from './media-deps.ts';
import { recordThumbnail } from './thumbnail-writes.ts';

type CompletedData = EventOf<'processing.completed'>['data'];

/** One frame a thumbnail_generation job stored in S3 (with its renditions). */
export type JobFrame = NonNullable<CompletedData['result']['frames']>[number];

/** What adopting one job's frames did: the rows it added, the frames it left to the sweeper. */
export interface Adoption {
  adopted: number;
  discarded: number;
}

/** DECIMAL(3,2) keeps two decimals: round here so the event and the row say the same. */
const twoDecimals = (rating: number) => Math.round(rating * 100) / 100;

/** The row of a frame: a plain 'frame', or 'primary' for the job's best one. */
function frameRow(episodeId: number, frame: JobFrame, primaryKey: string | null | undefined): NewThumbnail {
  return {
    episode_id: episodeId,
    s3_bucket: frame.s3_bucket,
    s3_key: frame.s3_key,
    file_size_bytes: frame.file_size_bytes,
    mime_type: frame.mime_type,
    width_pixels: frame.width_pixels,
    height_pixels: frame.height_pixels,
    format: frame.format,
    thumbnail_type: frame.s3_key === primaryKey ? 'primary' : 'frame',
    position_seconds: frame.position_seconds,
    quality_rating: twoDecimals(frame.quality_rating),
    renditions: frame.renditions,
  };
}

/**
 * How media takes in the frames a thumbnail_generation job left in S3 (processing.completed), once
 * per event. For a live episode each frame not yet known becomes a thumbnail (the job's best one
 * the primary, demoting the current one) with its thumbnail.created; for a deleted episode the
 * frames' objects are scheduled for deletion instead. Any other processing.* event is acknowledged.
 */
export function jobFrames(deps: MediaDeps) {
  const { sequelize, known, thumbnails, deletions } = deps;

  /**
   * Frames whose key a thumbnail already holds (a second completed event of the same job) or media
   * has scheduled for deletion (a frame deleted since, or a deleted episode's) are left alone.
   */
  const unclaimed = async (frames: readonly JobFrame[], transaction: Transaction) => {
    const keys = frames.map((frame) => frame.s3_key);
    const [inUse, scheduled] = await Promise.all([thumbnails.keysInUse(keys, transaction), deletions.scheduledAmong(keys, transaction)]);
    return frames.filter((frame) => !inUse.has(frame.s3_key) && !scheduled.has(frame.s3_key));
  };

  /**
   * The episode's status, its known_episodes row held until the transaction ends. A job is only
   * created for a live episode, so one media has not heard of means episode.created is still on
   * its way: media remembers it live now (a later episode.deleted still cascades over the frames).
   */
  const lockEpisode = async (episodeId: number, transaction: Transaction) => {
    const status = await known.statusOf(episodeId, transaction);
    if (status !== 'unknown') return status;
    await known.rememberLive(episodeId, transaction);
    return known.statusOf(episodeId, transaction);
  };

  const discard = async (frames: readonly JobFrame[], transaction: Transaction) => {
    for (const frame of frames) await deletions.schedule(frame.s3_bucket, objectKeysOf(frame), 0, transaction);
  };

  const adopt = async (event: CloudEvent<CompletedData>): Promise<{ outcome: InboxOutcome; adoption: Adoption }> => {
    const { job, result } = event.data;
    const meta: WriteMeta = { actor: event.actor, correlationId: event.correlationid };
    const adoption: Adoption = { adopted: 0, discarded: 0 };
    const outcome = await applyOnce(sequelize, event, async (transaction) => {
      const status = await lockEpisode(job.episode_id, transaction);
      const frames = await unclaimed(result.frames ?? [], transaction);
      if (status === 'deleted') {
        await discard(frames, transaction);
        adoption.discarded = frames.length;
        return;
      }
      for (const frame of frames) await recordThumbnail(deps, frameRow(job.episode_id, frame, result.primary_s3_key), transaction, meta);
      adoption.adopted = frames.length;
    });
    if (adoption.discarded > 0) deps.sweepSoon();
    return { outcome, adoption };
  };

  return {
    /**
     * Applies one processing.* event: the frames of a completed thumbnail_generation job are
     * adopted (or discarded); everything else is 'ignored'.
     *
     *   const { outcome, adoption } = await frames.apply(event);  // adoption: { adopted: 5, discarded: 0 }
     */
    async apply(event: CloudEvent): Promise<{ outcome: InboxOutcome | 'ignored' | 'refused'; adoption?: Adoption; reason?: string }> {
      if (event.type !== 'processing.completed') return { outcome: 'ignored' };
      const completed = event as CloudEvent<CompletedData>;
      if (completed.data.job.job_type !== 'thumbnail_generation') return { outcome: 'ignored' };
      const reason = outOfBounds(completed, deps.store.bucket);
      if (reason) return { outcome: 'refused', reason };
      return adopt(completed);
    },
  };
}

export type JobFrames = ReturnType<typeof jobFrames>;

/**
 * Why a completed job names objects processing may not hand media, or undefined: every frame and
 * rendition must be in media's own bucket under the job's own episode's `thumbnails/`, the
 * primary one of the frames, and the subject the job's episode. Such an event is refused whole
 * (dead-lettered): a forged or confused one must not make media adopt, or later delete, another
 * episode's or another bucket's objects.
 */
export function outOfBounds(event: CloudEvent<CompletedData>, bucket: string): string | undefined {
  const { job, result } = event.data;
  if (event.subject !== `episodes/${job.episode_id}` && !event.subject?.startsWith(`episodes/${job.episode_id}/`)) return 'subject names another episode than the job';
  const frames = result.frames ?? [];
  for (const frame of frames) {
    if (frame.s3_bucket !== bucket) return `frame in bucket ${frame.s3_bucket}, not media's`;
    for (const key of objectKeysOf(frame)) if (!isThumbnailKeyOf(job.episode_id, key)) return `key ${key} is not under episodes/${job.episode_id}/thumbnails/`;
  }
  if (result.primary_s3_key != null && !frames.some((frame) => frame.s3_key === result.primary_s3_key)) return 'primary_s3_key is none of the frames';
  return undefined;
}
