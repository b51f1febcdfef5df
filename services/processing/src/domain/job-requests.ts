import type { ProcessingJob, ProcessRequest } from '@episodic/contracts';
import { AppError, Errors } from '@episodic/core';
import type { CallerRequest } from '@episodic/episodes';
import { emit, type WriteMeta } from './events.ts';
import type { ProcessingDeps } from './processing-deps.ts';

/** The config a thumbnail job runs with when the request named none. */
const DEFAULT_FRAME_COUNT = 5;

/** The request's config with defaults applied, as stored on the job. */
function jobConfigOf(request: ProcessRequest): Record<string, unknown> {
  const config = (request.config ?? {}) as Record<string, unknown>;
  if (request.job_type === 'thumbnail_generation' && config['positions'] === undefined && config['count'] === undefined) {
    return { ...config, count: DEFAULT_FRAME_COUNT };
  }
  return config;
}

/**
 * Queues a job for a live episode that has a video: the row and processing.requested commit
 * together, and the processing-jobs queue is fed from that event, so a job is queued exactly
 * once. The same job type already pending or processing for the episode is a 409; no video yet
 * is a 422.
 */
export async function requestJob(deps: ProcessingDeps, episodeId: number, request: ProcessRequest, caller: CallerRequest, meta: WriteMeta): Promise<ProcessingJob> {
  await deps.gate.requireLive(episodeId, caller);
  const video = await deps.uploads.latestArrived(episodeId);
  if (!video) {
    throw new AppError('no-video', 422, `Episode ${episodeId} has no video yet: upload one through POST /api/v1/episodes/${episodeId}/video first.`);
  }
  return deps.sequelize.transaction(async (transaction) => {
    if ((await deps.known.statusOf(episodeId, transaction)) === 'deleted') throw Errors.notFound(`Episode ${episodeId}`);
    const job = await deps.jobs.insert({ episode_id: episodeId, job_type: request.job_type, job_config: jobConfigOf(request), max_retries: deps.maxRetries }, transaction);
    await emit(deps.events, transaction, { type: 'processing.requested', data: { job, video: { s3_bucket: video.s3_bucket, s3_key: video.s3_key } } }, meta);
    return job;
  });
}
