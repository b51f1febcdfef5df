import type { Transaction } from 'sequelize';
import type { EventDataOf, EventOf, ProcessingJob } from '@episodic/contracts';
import { AppError, type Logger } from '@episodic/core';
import type { EventHandler, HandlerContext } from '@episodic/messaging';
import type { VideoTools } from '@episodic/video';
import { emit, type WriteMeta } from '../domain/events.ts';
import type { ProcessingDeps } from '../domain/processing-deps.ts';
import { extractMetadata } from './metadata-job.ts';
import { generateFrames } from './thumbnail-job.ts';
import { videoSource } from './video-source.ts';

export interface WorkerSettings {
  tools: VideoTools;
  defaultWidths: readonly number[];
  /** How long each heartbeat keeps the message hidden; beats come three times per period. */
  visibilitySeconds: number;
  logger: Logger;
  /** Frames decoded and encoded at once per job (default 2). */
  frameConcurrency?: number;
  /** Longest single tool run (VIDEO_TOOL_TIMEOUT_MS): a read URL with less life left is renewed (default 120 000). */
  toolTimeoutMs?: number;
}

type Requested = EventOf<'processing.requested'>;
type JobResult = EventDataOf<'processing.completed'>['result'];

/**
 * The worker's handler for the processing-jobs queue (processing.requested events). One attempt:
 * start the job (a cancelled or finished job is dropped), keep the message hidden with a
 * heartbeat while ffmpeg and sharp work, then commit the outcome with its event. A failure is
 * retried with backoff (the consumer's visibility backoff) until max_retries, then the job fails
 * and the message goes to the DLQ; an input no retry can fix (a corrupt video) fails at once. On
 * shutdown the job in hand is handed back.
 */
export function jobHandler(deps: ProcessingDeps, settings: WorkerSettings): EventHandler {
  const { sequelize, jobs, events } = deps;
  const commit = <T>(change: (transaction: Transaction) => Promise<T>): Promise<T> => sequelize.transaction(change);

  // ffmpeg reads the video by range requests on a presigned URL: no download, no scratch copy.
  const run = async (job: ProcessingJob, videoKey: string, signal: AbortSignal): Promise<JobResult> => {
    const source = await videoSource(deps.store, videoKey, { urlExpiresSeconds: deps.urlExpiresSeconds, minRemainingMs: settings.toolTimeoutMs ?? 120_000 });
    return job.job_type === 'thumbnail_generation'
      ? generateFrames({ tools: settings.tools, store: deps.store, defaultWidths: settings.defaultWidths, concurrency: settings.frameConcurrency ?? 2, signal }, job, source)
      : extractMetadata(settings.tools, job, source, signal);
  };

  return async (event, context) => {
    if (event.type !== 'processing.requested') return 'success';
    const { job: requested, video } = (event as unknown as Requested).data;
    const meta: WriteMeta = { actor: event.actor, correlationId: event.correlationid };
    const log = settings.logger.child({ jobId: requested.id, episodeId: requested.episode_id, jobType: requested.job_type, correlationId: event.correlationid, attempt: context.receiveCount });

    const job = await commit<ProcessingJob | undefined>(async (transaction) => {
      const started = await jobs.start(requested.id, { messageId: context.messageId, receiptHandle: context.receiptHandle }, transaction);
      if (started) await emit(events, transaction, { type: 'processing.started', data: { job: started } }, meta);
      return started;
    });
    if (!job) {
      log.info('job is no longer pending (cancelled or finished): message dropped');
      return 'success';
    }
    log.info('job started');
    const heartbeat = beat(context, settings.visibilitySeconds, log);
    try {
      const result = await run(job, video.s3_key, context.signal);
      const completed = await commit<ProcessingJob | undefined>(async (transaction) => {
        const done = await jobs.complete(job.id, transaction);
        if (done) await emit(events, transaction, { type: 'processing.completed', data: { job: done, result } }, meta);
        return done;
      });
      if (!completed) await discardFrames(deps, result, log);
      log.info({ completed: Boolean(completed) }, 'job finished');
      return 'success';
    } catch (error) {
      return await settle(job, error, context, meta, log);
    } finally {
      clearInterval(heartbeat);
    }
  };

  async function settle(job: ProcessingJob, error: unknown, context: HandlerContext, meta: WriteMeta, log: Logger) {
    if (context.signal.aborted) {
      await commit((transaction) => jobs.handBack(job.id, transaction));
      log.warn('worker stopping: job handed back');
      return 'handBack' as const;
    }
    const reason = describe(error);
    const final = isPermanent(error) || job.retry_count >= job.max_retries;
    if (final) {
      await commit(async (transaction) => {
        const failed = await jobs.fail(job.id, reason, false, transaction);
        if (failed) await emit(events, transaction, { type: 'processing.failed', data: { job: failed } }, meta);
      });
      log.error({ err: error, retries: job.retry_count }, 'job failed for good');
      return 'deadLetter' as const;
    }
    await commit((transaction) => jobs.retryLater(job.id, reason, transaction));
    log.warn({ err: error, retries: job.retry_count + 1 }, 'job attempt failed; will retry');
    return 'retryLater' as const;
  }
}

/** Extends the message's visibility three times per period while the job runs. */
function beat(context: HandlerContext, seconds: number, log: Logger): NodeJS.Timeout {
  return setInterval(() => {
    context.extendVisibility(seconds).catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
  }, (seconds * 1000) / 3);
}

/** A client-side problem with the input (4xx AppError) will not go away by retrying. */
function isPermanent(error: unknown): boolean {
  return error instanceof AppError && error.status >= 400 && error.status < 500 && error.code !== 'not-found';
}

/** What error_message says: the error's code and message, never a stack. */
function describe(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`.slice(0, 2000);
  return `internal: ${(error as Error)?.message ?? String(error)}`.slice(0, 2000);
}

/** A job cancelled while it ran: its frames are nobody's, so they go. */
async function discardFrames(deps: ProcessingDeps, result: JobResult, log: Logger): Promise<void> {
  const keys = (result.frames ?? []).flatMap((frame) => [frame.s3_key, ...frame.renditions.map((rendition) => rendition.s3_key)]);
  await deps.store.delete(keys).catch((error: unknown) => log.warn({ err: error, keys: keys.length }, 'could not delete the frames of a cancelled job'));
}
