import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { isoTime } from './episode-rows.ts';

/** A processing job's status, as processing's events carry it. */
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** What one processing event says about its job; `stage` orders the job's statuses (see migrations/catalog/05). */
export interface JobReport {
  jobId: number;
  episodeId: number;
  status: JobStatus;
  stage: number;
  /** When the job completed, failed for good or was cancelled; null before. */
  finishedAt: string | null;
}

/** How far catalog has heard one job of an episode get. */
export interface JobState {
  jobId: number;
  status: JobStatus;
  finishedAt: string | null;
}

/** Data access for `job_progress`: the furthest stage catalog has heard each processing job reach. */
export function jobProgressRepository(sequelize: Sequelize) {
  return {
    /**
     * Records the job at the report's stage unless a report of the same or a later stage came
     * first; answers whether it did (false: the report is stale and changes nothing).
     */
    async advance(report: JobReport, transaction: Transaction): Promise<boolean> {
      const rows = await sequelize.query(
        `INSERT INTO job_progress (job_id, episode_id, status, stage, finished_at, updated_at)
         VALUES (:jobId, :episodeId, :status, :stage, :finishedAt, now())
         ON CONFLICT (job_id) DO UPDATE
           SET status = EXCLUDED.status, stage = EXCLUDED.stage, finished_at = EXCLUDED.finished_at, updated_at = now()
           WHERE job_progress.stage < EXCLUDED.stage
         RETURNING job_id`,
        { replacements: { ...report }, type: QueryTypes.SELECT, transaction },
      );
      return rows.length > 0;
    },

    /** Every job of the episode catalog has heard of, as far as it has heard. */
    async ofEpisode(episodeId: number, transaction: Transaction): Promise<JobState[]> {
      const rows = await sequelize.query<{ job_id: number; status: JobStatus; finished_at: Date | null }>(
        'SELECT job_id, status, finished_at FROM job_progress WHERE episode_id = :episodeId ORDER BY job_id',
        { replacements: { episodeId }, type: QueryTypes.SELECT, transaction },
      );
      return rows.map((row) => ({ jobId: row.job_id, status: row.status, finishedAt: isoTime(row.finished_at) }));
    },
  };
}

export type JobProgressRepository = ReturnType<typeof jobProgressRepository>;
