import type { Episode } from '../contract-types.ts';
import type { JobState, JobStatus } from '../data/job-progress-repository.ts';

/** An episode's processing_status other than null. */
export type ProcessingStatus = NonNullable<Episode['processing_status']>;

/**
 * How far each job status is along a job's life: pending, then processing (every attempt), then
 * one of the ends. A job only moves forward, so a report of a stage the job has already reached
 * or passed is stale: SNS → SQS does not keep order, and a late processing.started may arrive
 * after its job's processing.completed.
 */
export const JOB_STAGES: Record<JobStatus, number> = { pending: 1, processing: 2, completed: 3, failed: 3, cancelled: 3 };

/**
 * The episode's processing_status as its jobs say, each job at the furthest stage heard of:
 * while any job is processing, 'processing'; else while any is pending, 'pending'; else how the
 * job that finished last ended ('complete' or 'failed'). Cancelled jobs do not count (a job is
 * cancelled when its episode is deleted); undefined when no job counts.
 *
 * Jobs of an episode may overlap (a thumbnail job next to a metadata one, or a new request
 * while one runs), so the status summarises all of them rather than following the last event:
 * one job completing while another still runs leaves the episode 'processing'.
 *
 *   episodeStatusOf([{ jobId: 7, status: 'completed', finishedAt }, { jobId: 8, status: 'processing', finishedAt: null }])
 *   // 'processing'
 */
export function episodeStatusOf(jobs: readonly JobState[]): ProcessingStatus | undefined {
  const counted = jobs.filter((job) => job.status !== 'cancelled');
  if (counted.some((job) => job.status === 'processing')) return 'processing';
  if (counted.some((job) => job.status === 'pending')) return 'pending';
  const last = counted.toSorted(byFinish).at(-1);
  if (!last) return undefined;
  return last.status === 'completed' ? 'complete' : 'failed';
}

/** Finish time, then job id (a later job wins a tie). */
function byFinish(a: JobState, b: JobState): number {
  const at = (job: JobState) => (job.finishedAt === null ? 0 : Date.parse(job.finishedAt));
  return at(a) - at(b) || a.jobId - b.jobId;
}
