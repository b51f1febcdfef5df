import { Op, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { ProcessingJob } from '@episodic/contracts';
import { Errors } from '@episodic/core';
import { processingQueueModel, type ProcessingQueue } from '../models/ProcessingQueue.ts';

const ONE_ACTIVE_JOB = 'processing_queue_one_active_job';

/** What narrows a list of jobs. */
export interface JobFilters {
  status?: string;
  job_type?: string;
  episode_id?: number;
}

/** The contracts' ProcessingJob from a row (the receipt handle stays here). */
function toJob(row: ProcessingQueue): ProcessingJob {
  const value = row.get({ plain: true });
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  return {
    id: value.id,
    episode_id: value.episode_id,
    job_type: value.job_type as ProcessingJob['job_type'],
    status: value.status as ProcessingJob['status'],
    sqs_message_id: value.sqs_message_id,
    job_config: value.job_config,
    error_message: value.error_message,
    retry_count: value.retry_count,
    max_retries: value.max_retries,
    created_at: iso(value.created_at)!,
    started_at: iso(value.started_at),
    completed_at: iso(value.completed_at),
  };
}

/**
 * Data access for processing_queue. Every state change is conditional on the state it leaves,
 * so a late or repeated message cannot move a finished job again; the caller learns whether it
 * applied from the returned job (undefined: it did not).
 */
export function jobRepository(sequelize: Sequelize) {
  const Rows = processingQueueModel(sequelize);

  const transition = async (id: number, from: readonly string[], values: Partial<ProcessingQueue>, transaction: Transaction) => {
    const [, rows] = await Rows.update(values, { where: { id, status: { [Op.in]: from } }, returning: true, transaction });
    return rows[0] ? toJob(rows[0]) : undefined;
  };

  return {
    /** A new pending job; one already pending or processing for the same episode and type is a 409. */
    async insert(values: { episode_id: number; job_type: string; job_config: Record<string, unknown>; max_retries: number }, transaction: Transaction): Promise<ProcessingJob> {
      try {
        return toJob(await Rows.create(values, { transaction }));
      } catch (error) {
        const constraint = (error as { parent?: { constraint?: string } }).parent?.constraint;
        if (constraint === ONE_ACTIVE_JOB) throw Errors.conflict(`A ${values.job_type} job for episode ${values.episode_id} is already pending or processing.`);
        throw error;
      }
    },

    async findById(id: number, transaction?: Transaction): Promise<ProcessingJob | undefined> {
      const row = await Rows.findByPk(id, { transaction, lock: transaction ? true : undefined });
      return row ? toJob(row) : undefined;
    },

    /** A page of jobs, newest first, after the job `afterId`. */
    async list(filters: JobFilters, afterId: number | undefined, take: number): Promise<ProcessingJob[]> {
      const where: WhereOptions = { ...filters, ...(afterId ? { id: { [Op.lt]: afterId } } : {}) };
      return (await Rows.findAll({ where, order: [['id', 'DESC']], limit: take })).map(toJob);
    },

    /** An attempt starts (a pending job, or a processing one whose worker died). */
    start(id: number, attempt: { messageId: string; receiptHandle: string }, transaction: Transaction) {
      return transition(id, ['pending', 'processing'], {
        status: 'processing', started_at: new Date(), sqs_message_id: attempt.messageId, sqs_receipt_handle: attempt.receiptHandle,
      }, transaction);
    },

    /** The attempt succeeded. */
    complete(id: number, transaction: Transaction) {
      return transition(id, ['processing'], { status: 'completed', completed_at: new Date(), error_message: null, sqs_receipt_handle: null }, transaction);
    },

    /** The attempt failed and will be retried: back to pending with the reason and one more failure counted. */
    async retryLater(id: number, error: string, transaction: Transaction) {
      const job = await transition(id, ['processing'], { status: 'pending', error_message: error, sqs_receipt_handle: null }, transaction);
      if (!job) return undefined;
      await Rows.increment('retry_count', { where: { id }, transaction });
      return { ...job, retry_count: job.retry_count + 1 };
    },

    /** The job failed for good. */
    async fail(id: number, error: string, countAttempt: boolean, transaction: Transaction) {
      const job = await transition(id, ['pending', 'processing'], { status: 'failed', error_message: error, completed_at: new Date(), sqs_receipt_handle: null }, transaction);
      if (!job || !countAttempt) return job;
      await Rows.increment('retry_count', { where: { id }, transaction });
      return { ...job, retry_count: job.retry_count + 1 };
    },

    /** The worker stopped (SIGTERM) before finishing: the job waits for the next worker, no failure counted. */
    handBack(id: number, transaction: Transaction) {
      return transition(id, ['processing'], { status: 'pending', sqs_receipt_handle: null }, transaction);
    },

    /** Cancels an episode's unfinished jobs (the episode was deleted) and returns them. */
    async cancelForEpisode(episodeId: number, reason: string, transaction: Transaction): Promise<ProcessingJob[]> {
      const [, rows] = await Rows.update(
        { status: 'cancelled', error_message: reason, completed_at: new Date(), sqs_receipt_handle: null },
        { where: { episode_id: episodeId, status: { [Op.in]: ['pending', 'processing'] } }, returning: true, transaction },
      );
      return rows.map(toJob);
    },
  };
}

export type JobRepository = ReturnType<typeof jobRepository>;
