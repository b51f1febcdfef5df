import { Errors, sleep, type Logger } from '@episodic/core';
import type { BatchPublisher, CloudEvent } from '@episodic/messaging';

export interface GroupCommitOptions {
  publishBatch: BatchPublisher;
  topic: string;
  logger: Logger;
  /** How long records wait for company before their batch goes out (ms). */
  windowMs: number;
  /** How long a request waits for SNS to accept its record before the gateway gives up (ms). */
  boundMs: number;
  /** Records per PublishBatch (SNS allows 10). */
  maxBatch?: number;
}

interface Waiting {
  event: CloudEvent;
  deadline: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Acknowledged access records: `record` resolves only once SNS has accepted the record. Records
 * arriving within `windowMs` of each other share one PublishBatch (at most 10; a full batch goes
 * at once, and batches go out in parallel), so throughput holds while each answer waits a few
 * milliseconds. A failed batch is retried until each record's deadline (`boundMs` after it
 * arrived); then `record` rejects with a 503 AppError and the caller decides what to do.
 *
 *   const commit = new GroupCommit({ publishBatch, topic: 'gateway-events', logger, windowMs: 2, boundMs: 2000 });
 *   await commit.record(event);   // SNS has it
 */
export class GroupCommit {
  readonly #options: Required<GroupCommitOptions>;
  #pending: Waiting[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight = new Set<Promise<void>>();

  constructor(options: GroupCommitOptions) {
    this.#options = { maxBatch: 10, ...options };
  }

  /** Resolves when SNS accepted the record; rejects (503) when it could not within the bound. */
  record(event: CloudEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ event, deadline: Date.now() + this.#options.boundMs, resolve, reject });
      if (this.#pending.length >= this.#options.maxBatch) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#options.windowMs);
    });
  }

  /** Waits for the batches in flight (on shutdown). */
  async drain(): Promise<void> {
    this.#flush();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#options.maxBatch);
      const sending = this.#send(batch).finally(() => this.#inFlight.delete(sending));
      this.#inFlight.add(sending);
    }
  }

  async #send(batch: Waiting[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#options.publishBatch(this.#options.topic, batch.map((waiting) => waiting.event));
        for (const waiting of batch) waiting.resolve();
        return;
      } catch (error) {
        const left = Math.min(...batch.map((waiting) => waiting.deadline)) - Date.now();
        if (left <= 0) {
          this.#options.logger.warn({ err: error, records: batch.length, attempt }, 'SNS did not accept access records within the bound');
          for (const waiting of batch) waiting.reject(Errors.unavailable('The audit trail', error));
          return;
        }
        await sleep(Math.min(left, 50 * attempt));
      }
    }
  }
}
