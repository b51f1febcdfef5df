import type { Transaction } from 'sequelize';
import type { EventDataOf } from '@episodic/contracts';
import { applyOnce } from '@episodic/db';
import type { CloudEvent } from '@episodic/messaging';
import type { Episode } from '../contract-types.ts';
import type { EpisodeChanges } from '../data/episode-repository.ts';
import type { JobStatus } from '../data/job-progress-repository.ts';
import type { CatalogDeps } from './catalog-deps.ts';
import { changeEpisode } from './episode-writes.ts';
import type { WriteMeta } from './events.ts';
import { durationMinutesOf, extractedMetadata } from './extraction.ts';
import { recordExtraction } from './metadata.ts';
import { episodeStatusOf, JOB_STAGES } from './processing-status.ts';

/**
 * What applying one processing event did: applied (whatever it changed), duplicate (applied
 * before: the inbox knew its id), stale (its job had already got that far), unknown-episode
 * (missing or deleted), ignored (not a type catalog follows).
 */
export type ProcessingOutcome = 'applied' | 'duplicate' | 'stale' | 'unknown-episode' | 'ignored';

type Job = EventDataOf<'processing.started'>['job'];
type Completion = EventDataOf<'processing.completed'>;

/**
 * How catalog follows processing: video.uploaded records the episode's raw_video_s3_key, and
 * each job event moves its job forward and the episode's processing_status with it (see
 * episodeStatusOf); a completed metadata_extraction job also stores what it found. Each event
 * is applied once (the inbox), in one transaction with its effect and the episode.* and
 * metadata.* events it causes, which carry the processing event's actor and correlation id.
 * The episode row is locked first, so events of one episode apply one after another.
 *
 *   await applyProcessingEvent(deps, event) // 'applied'
 */
export async function applyProcessingEvent(deps: CatalogDeps, event: CloudEvent): Promise<ProcessingOutcome> {
  const episodeId = episodeIdOf(event);
  if (episodeId === undefined) return 'ignored';
  let outcome = 'applied' as ProcessingOutcome;
  const inbox = await applyOnce(deps.sequelize, event, async (transaction) => {
    const episode = await deps.episodes.findLive(episodeId, { transaction, lock: true });
    outcome = episode ? await follow(deps, transaction, episode, event) : 'unknown-episode';
  });
  return inbox === 'duplicate' ? 'duplicate' : outcome;
}

async function follow(deps: CatalogDeps, transaction: Transaction, episode: Episode, event: CloudEvent): Promise<ProcessingOutcome> {
  const meta: WriteMeta = { actor: event.actor, correlationId: event.correlationid };
  if (event.type === 'video.uploaded') {
    const { s3_key: key } = event.data as EventDataOf<'video.uploaded'>;
    await changeEpisode(deps, transaction, episode, { raw_video_s3_key: key }, meta);
    return 'applied';
  }
  const { job } = event.data as { job: Job };
  const status = jobStatusOf(event.type, job);
  const finishedAt = JOB_STAGES[status] === JOB_STAGES.completed ? (job.completed_at ?? event.time) : null;
  const advanced = await deps.jobs.advance({ jobId: job.id, episodeId: episode.id, status, stage: JOB_STAGES[status], finishedAt }, transaction);
  if (!advanced) return 'stale';
  if (status === 'cancelled') return 'applied';
  const changes: EpisodeChanges = {};
  const episodeStatus = episodeStatusOf(await deps.jobs.ofEpisode(episode.id, transaction));
  if (episodeStatus) changes.processing_status = episodeStatus;
  if (status === 'completed' && job.job_type === 'metadata_extraction') {
    const { result } = event.data as Completion;
    await recordExtraction(deps, transaction, episode.id, extractedMetadata(job, result), meta);
    if (episode.duration_minutes === null && result.technical) changes.duration_minutes = durationMinutesOf(result.technical);
  }
  await changeEpisode(deps, transaction, episode, changes, meta);
  return 'applied';
}

/** The episode an event is about, or undefined for a type catalog does not follow. */
function episodeIdOf(event: CloudEvent): number | undefined {
  if (event.type === 'video.uploaded') return (event.data as EventDataOf<'video.uploaded'>).episode_id;
  if (Object.hasOwn(JOB_EVENT_STATUSES, event.type)) return (event.data as { job: Job }).job.episode_id;
  return undefined;
}

/** The status each job event reports; processing.failed covers a job that failed for good and a cancelled one. */
const JOB_EVENT_STATUSES: Record<string, JobStatus> = {
  'processing.requested': 'pending',
  'processing.started': 'processing',
  'processing.completed': 'completed',
  'processing.failed': 'failed',
};

function jobStatusOf(type: string, job: Job): JobStatus {
  return type === 'processing.failed' && job.status === 'cancelled' ? 'cancelled' : JOB_EVENT_STATUSES[type]!;
}
