import type { Sequelize } from 'sequelize';
import { PeriodicTask, type Logger } from '@episodic/core';
import type { ObjectStore } from '@episodic/storage';
import type { ObjectDeletions } from '../data/object-deletions.ts';

export interface SweeperOptions {
  sequelize: Sequelize;
  deletions: ObjectDeletions;
  store: ObjectStore;
  logger: Logger;
  intervalMs: number;
  batchSize?: number;
}

/**
 * Deletes the S3 objects that object_deletions says are due: those of deleted thumbnails at
 * once, those of uploads whose row never committed after the grace period. A failed delete
 * (S3 down) stays scheduled with backoff, so objects are never forgotten, only delayed.
 *
 *   const sweeper = new ObjectSweeper({ sequelize, deletions, store, logger, intervalMs: 5000 });
 *   sweeper.start();  sweeper.kick();  ...  await sweeper.stop();
 */
export class ObjectSweeper {
  readonly #options: SweeperOptions;
  readonly #task: PeriodicTask;

  constructor(options: SweeperOptions) {
    this.#options = options;
    const batchSize = options.batchSize ?? 500;
    this.#task = new PeriodicTask({
      name: 'object sweep',
      intervalMs: options.intervalMs,
      logger: options.logger,
      pass: async () => (await this.sweepOnce()) >= batchSize,
    });
  }

  start(): void {
    this.#task.start();
  }

  /** Stops after the pass in hand. */
  stop(): Promise<void> {
    return this.#task.stop();
  }

  /** Sweeps now instead of at the next interval. */
  kick(): void {
    this.#task.kick();
  }

  /** One pass: deletes up to one batch of due objects. Returns how many were deleted (exposed for tests). */
  async sweepOnce(): Promise<number> {
    const { sequelize, deletions, store, logger, batchSize = 500 } = this.#options;
    return sequelize.transaction(async (transaction) => {
      const claimed = await deletions.claimDue(batchSize, transaction);
      if (claimed.length === 0) return 0;
      // media deletes only in its own bucket: a row naming another is dropped, never applied to media's.
      const foreign = claimed.filter((deletion) => deletion.s3_bucket !== store.bucket);
      if (foreign.length > 0) {
        logger.error({ objects: foreign.map(({ s3_bucket, s3_key }) => `${s3_bucket}/${s3_key}`) }, "deletions in another bucket than media's dropped");
        await deletions.cancel(foreign.map((deletion) => deletion.s3_key), transaction);
      }
      const due = claimed.filter((deletion) => deletion.s3_bucket === store.bucket);
      if (due.length === 0) return 0;
      const keys = due.map((deletion) => deletion.s3_key);
      try {
        await store.delete(keys);
      } catch (error) {
        logger.warn({ err: error, objects: keys.length }, 'S3 objects not deleted; will retry');
        await deletions.retryLater(keys, String((error as Error).message), transaction);
        return 0;
      }
      await deletions.cancel(keys, transaction);
      logger.info({ objects: keys.length }, 'S3 objects deleted');
      return keys.length;
    });
  }
}
