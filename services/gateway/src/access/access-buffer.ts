import { sleep, type Logger } from '@episodic/core';
import type { BatchPublisher, CloudEvent, Publisher } from '@episodic/messaging';

export interface AccessBufferOptions {
  publish: Publisher;
  /** When given, each batch goes out as one call (SNS PublishBatch) instead of one call per event. */
  publishBatch?: BatchPublisher;
  topic: string;
  logger: Logger;
  /** Events held while SNS is unreachable; beyond it new events are dropped (and logged). */
  capacity: number;
  /** Events published at the same time. */
  concurrency?: number;
  /** Called once per dropped event (the gateway counts them in a metric). */
  onDrop?: () => void;
  /** First wait after a failed publish; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Publishes access events off the request path. `add` never waits and never throws: a request's
 * answer must not depend on SNS. Events wait in a bounded in-memory queue and are retried with
 * backoff while SNS is down; a full queue drops new events and says so in the log. Events still
 * queued when the process dies are lost: access records are best-effort, unlike the outbox.
 *
 *   const buffer = new AccessBuffer({ publish, topic: 'gateway-events', logger, capacity: 10_000 });
 *   buffer.add(event);            // after the response
 *   await buffer.flush(2_000);    // on shutdown
 */
export class AccessBuffer {
  readonly #options: Required<Omit<AccessBufferOptions, 'publishBatch' | 'onDrop'>> & Pick<AccessBufferOptions, 'publishBatch' | 'onDrop'>;
  readonly #queue: CloudEvent[] = [];
  #draining: Promise<void> | undefined;
  #failures = 0;
  #failedAttempts = 0;
  #dropped = 0;
  #firstDroppedAt: Date | undefined;
  #lastDroppedAt: Date | undefined;
  #inFlight = 0;
  #stopped = new AbortController();

  constructor(options: AccessBufferOptions) {
    this.#options = { concurrency: 10, backoffMs: 200, maxBackoffMs: 10_000, ...options };
  }

  /** Events not yet published: queued or being sent. */
  get pending(): number {
    return this.#queue.length + this.#inFlight;
  }

  /** Publish attempts that failed (and were retried), since start. */
  get failedAttempts(): number {
    return this.#failedAttempts;
  }

  /** Events dropped because the queue was full, since start. */
  get dropped(): number {
    return this.#dropped;
  }

  /** What was dropped so far, and the window it falls in (announced in gateway.stopped). */
  get losses(): { dropped: number; firstLostAt: Date | undefined; lastLostAt: Date | undefined } {
    return { dropped: this.#dropped, firstLostAt: this.#firstDroppedAt, lastLostAt: this.#lastDroppedAt };
  }

  /** The AccessSink side of best-effort mode: queued is as safe as it gets. */
  record(event: CloudEvent): Promise<void> {
    this.add(event);
    return Promise.resolve();
  }

  /** Queues an event for publishing; drops it (logged) when the queue is full. */
  add(event: CloudEvent): void {
    if (this.pending >= this.#options.capacity) {
      this.#dropped += 1;
      this.#lastDroppedAt = new Date();
      this.#firstDroppedAt ??= this.#lastDroppedAt;
      this.#options.onDrop?.();
      this.#options.logger.error({ eventId: event.id, correlationId: event.correlationid, dropped: this.#dropped }, 'access buffer full: access event dropped');
      return;
    }
    this.#queue.push(event);
    this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
  }

  /**
   * Waits until every queued event is published or `timeoutMs` passed, then stops retrying.
   * Resolves with the number of events left unpublished (logged when not zero).
   */
  async flush(timeoutMs: number): Promise<number> {
    const timer = new AbortController();
    const deadline = sleep(timeoutMs, timer.signal).catch(() => undefined);
    await Promise.race([this.#draining ?? Promise.resolve(), deadline]);
    timer.abort();
    this.#stopped.abort();
    const unpublished = this.pending;
    if (unpublished > 0) this.#options.logger.warn({ unpublished }, 'access events left unpublished at shutdown');
    return unpublished;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#stopped.signal.aborted) {
      const batch = this.#queue.splice(0, this.#options.concurrency);
      this.#inFlight = batch.length;
      const results = await this.#send(batch);
      this.#inFlight = 0;
      const failed = batch.filter((_, index) => results[index]?.status === 'rejected');
      if (failed.length === 0) {
        this.#failures = 0;
        continue;
      }
      this.#failedAttempts += failed.length;
      this.#queue.unshift(...failed);
      await this.#backOff(results.find((result) => result.status === 'rejected'));
    }
  }

  /** One outcome per event of the batch. */
  async #send(batch: CloudEvent[]): Promise<PromiseSettledResult<void>[]> {
    const { publish, publishBatch, topic } = this.#options;
    if (!publishBatch) return Promise.allSettled(batch.map((event) => publish(topic, event)));
    const [outcome] = await Promise.allSettled([publishBatch(topic, batch)]);
    return batch.map(() => outcome!);
  }

  async #backOff(failure: PromiseSettledResult<void> | undefined): Promise<void> {
    this.#failures += 1;
    const { backoffMs, maxBackoffMs, logger } = this.#options;
    const delayMs = Math.min(maxBackoffMs, backoffMs * 2 ** (this.#failures - 1));
    const reason = failure?.status === 'rejected' ? failure.reason : undefined;
    logger.warn({ err: reason, pending: this.#queue.length, delayMs }, 'publishing access events failed; retrying');
    await sleep(delayMs, this.#stopped.signal).catch(() => undefined);
  }
}
