import type { Sequelize } from 'sequelize';
import { sleep, type Logger } from '@episodic/core';
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
  #loop: Promise<void> | undefined;
  #abort = new AbortController();
  #wake: AbortController | undefined;
  #kicked = false;

  constructor(options: SweeperOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#loop) return;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  /** Stops after the pass in hand. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    this.#loop = undefined;
  }

  /** Sweeps now instead of at the next interval. */
  kick(): void {
    this.#kicked = true;
    this.#wake?.abort();
  }

  /** One pass: deletes up to one batch of due objects. Returns how many were deleted (exposed for tests). */
  async sweepOnce(): Promise<number> {
    const { sequelize, deletions, store, logger, batchSize = 500 } = this.#options;
    return sequelize.transaction(async (transaction) => {
      const due = await deletions.claimDue(batchSize, transaction);
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

  async #run(): Promise<void> {
    const { logger, intervalMs, batchSize = 500 } = this.#options;
    while (!this.#abort.signal.aborted) {
      this.#kicked = false;
      let deleted = 0;
      try {
        deleted = await this.sweepOnce();
      } catch (error) {
        logger.warn({ err: error }, 'object sweep failed; will retry');
      }
      if (deleted >= batchSize || this.#kicked) continue;
      this.#wake = new AbortController();
      await sleep(intervalMs, AbortSignal.any([this.#abort.signal, this.#wake.signal])).catch(() => undefined);
    }
  }
}
