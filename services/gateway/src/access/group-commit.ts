import { Errors, sleep, type Logger } from '@episodic/core';
import type { BatchPublisher, CloudEvent } from '@episodic/messaging';

export interface GroupCommitOptions {
  publishBatch: BatchPublisher;
  topic: string;
  logger: Logger;
  /** How long records wait for company before their batch goes out (ms); 0: only until the current event-loop turn ends. */
  windowMs: number;
  /** How long a request waits for SNS to accept its record before the gateway gives up (ms). */
  boundMs: number;
  /** Records per PublishBatch (SNS allows 10). */
  maxBatch?: number;
  /** PublishBatch calls at once (default 4); records arriving while all are out wait and go together in the next. */
  maxInFlight?: number;
}

interface Waiting {
  event: CloudEvent;
  deadline: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Acknowledged access records: `record` resolves only once SNS has accepted the record. Records
 * share PublishBatch calls (at most 10 each): those arriving in the same `windowMs` (or, with 0,
 * the same event-loop turn) go together, and while `maxInFlight` calls are out, new records wait
 * and leave together when one returns. So a quiet gateway publishes each record at once, and a
 * busy one fills its batches by itself: the SDK's cost per call (signing, XML) is shared by up to
 * ten requests. A failed batch is retried until each record's deadline (`boundMs` after it
 * arrived); then `record` rejects with a 503 AppError and the caller decides what to do.
 *
 *   const commit = new GroupCommit({ publishBatch, topic: 'gateway-events', logger, windowMs: 0, boundMs: 2000 });
 *   await commit.record(event);   // SNS has it
 */
export class GroupCommit {
  readonly #options: Required<GroupCommitOptions>;
  #pending: Waiting[] = [];
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  #inFlight = new Set<Promise<void>>();

  constructor(options: GroupCommitOptions) {
    this.#options = { maxBatch: 10, maxInFlight: 4, ...options };
  }

  /** Resolves when SNS accepted the record; rejects (503) when it could not within the bound. */
  record(event: CloudEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ event, deadline: Date.now() + this.#options.boundMs, resolve, reject });
      if (this.#pending.length >= this.#options.maxBatch) this.#flush();
      else this.#timer ??= this.#options.windowMs > 0 ? setTimeout(() => this.#flush(), this.#options.windowMs) : setImmediate(() => this.#flush());
    });
  }

  /** Sends everything still waiting and waits for the batches in flight (on shutdown). */
  async drain(): Promise<void> {
    this.#flush(Infinity);
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Sends waiting records while a call is free (all of them, on drain); the rest go when one returns. */
  #flush(maxInFlight = this.#options.maxInFlight): void {
    if (this.#timer) {
      clearTimeout(this.#timer as NodeJS.Timeout);
      clearImmediate(this.#timer as NodeJS.Immediate);
    }
    this.#timer = undefined;
    this.#refuseExpired();
    while (this.#pending.length > 0 && this.#inFlight.size < maxInFlight) {
      const batch = this.#pending.splice(0, this.#options.maxBatch);
      const sending = this.#send(batch).finally(() => {
        this.#inFlight.delete(sending);
        if (this.#pending.length > 0) this.#flush();
      });
      this.#inFlight.add(sending);
    }
    // All calls out: those waiting are refused at their bound even if no call returns by then.
    if (this.#pending.length > 0) this.#timer = setTimeout(() => this.#flush(), Math.max(0, this.#pending[0]!.deadline - Date.now()));
  }

  /** Records whose bound passed while every call was out (SNS slow to answer) are refused, not sent. */
  #refuseExpired(): void {
    const now = Date.now();
    const expired = this.#pending.filter((waiting) => waiting.deadline <= now);
    if (expired.length === 0) return;
    this.#pending = this.#pending.filter((waiting) => waiting.deadline > now);
    this.#options.logger.warn({ records: expired.length }, 'access records waited out their bound behind slow PublishBatch calls');
    for (const waiting of expired) waiting.reject(Errors.unavailable('The audit trail'));
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
