import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Logger } from '@episodic/core';
import { currentTraceparent } from '@episodic/tracing';

/** Any event that can be put in the outbox: it needs an id and a type; the rest is its payload. */
export interface OutboxEvent {
  id: string;
  type: string;
}

/**
 * Publishes one event to a topic; throws if it could not (the relay retries it later).
 * `traceparent` is the W3C trace context stored with the event, when there was one.
 */
export type PublishFn = (topic: string, event: OutboxEvent, traceparent?: string) => Promise<void>;

export interface OutboxOptions {
  sequelize: Sequelize;
  publish: PublishFn;
  logger: Logger;
  /** Rows published per batch. */
  batchSize?: number;
  /** Safety-net poll for rows committed by another process; commits in this process kick the relay at once. */
  pollIntervalMs?: number;
  /** Backoff after a failed publish, doubling up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** What one relay pass did. */
export interface BatchResult {
  published: number;
  failed: boolean;
}

interface PendingRow {
  seq: string;
  topic: string;
  event: OutboxEvent;
  trace_context: string | null;
}

/**
 * The transactional outbox of one service: `add` stores an event in the same transaction
 * as the domain write, and the relay publishes it as soon as that transaction commits.
 * Nothing is published for a rolled-back write; nothing committed is lost while the broker
 * is down: rows stay unpublished and the relay retries them in order with backoff.
 *
 *   await sequelize.transaction(async (transaction) => {
 *     const episode = await episodes.insert(values, transaction);
 *     await outbox.add(transaction, 'catalog-events', episodeCreated(episode));
 *   });
 */
export class Outbox {
  readonly #options: Required<Omit<OutboxOptions, 'sequelize' | 'publish' | 'logger'>> & OutboxOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #kicked = false;
  #backoffMs = 0;

  constructor(options: OutboxOptions) {
    this.#options = { batchSize: 50, pollIntervalMs: 1000, minBackoffMs: 200, maxBackoffMs: 10_000, ...options };
  }

  /**
   * Stores `event` for `topic` inside `transaction`, with the trace context of the request
   * that caused it (when tracing is on); the relay is kicked when it commits.
   */
  async add(transaction: Transaction, topic: string, event: OutboxEvent): Promise<void> {
    await this.#options.sequelize.query(
      `INSERT INTO outbox (event_id, topic, event_type, event, trace_context, created_at)
       VALUES (:id, :topic, :type, CAST(:event AS jsonb), :traceContext, now())`,
      {
        replacements: { id: event.id, topic, type: event.type, event: JSON.stringify(event), traceContext: currentTraceparent() ?? null },
        transaction,
      },
    );
    transaction.afterCommit(() => this.kick());
  }

  /** Starts the relay loop. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops the relay after the batch in hand. */
  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#loop;
  }

  /** Asks the relay to publish now instead of at its next poll. */
  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  /**
   * Deletes published events committed before `before` (the end of OUTBOX_RETENTION_DAYS);
   * until then they are the history replays read. Returns how many went.
   */
  async prunePublished(before: Date): Promise<number> {
    const [, result] = await this.#options.sequelize.query('DELETE FROM outbox WHERE published_at IS NOT NULL AND created_at < :before', {
      replacements: { before },
    });
    return (result as { rowCount?: number } | undefined)?.rowCount ?? 0;
  }

  /** Number of committed events not yet published (a health and metrics signal). */
  async pendingCount(): Promise<number> {
    const [row] = await this.#options.sequelize.query<{ count: string }>(
      'SELECT count(*) AS count FROM outbox WHERE published_at IS NULL',
      { type: QueryTypes.SELECT },
    );
    return Number(row?.count ?? 0);
  }

  /** Publishes one batch in order, stopping at the first failure. Exposed for tests and drains. */
  async publishBatch(): Promise<BatchResult> {
    const { sequelize, publish, batchSize, logger } = this.#options;
    return sequelize.transaction(async (transaction) => {
      const rows = await sequelize.query<PendingRow>(
        `SELECT seq, topic, event, trace_context FROM outbox WHERE published_at IS NULL
         ORDER BY seq LIMIT :batchSize FOR UPDATE SKIP LOCKED`,
        { replacements: { batchSize }, type: QueryTypes.SELECT, transaction },
      );
      let published = 0;
      for (const row of rows) {
        try {
          await publish(row.topic, row.event, row.trace_context ?? undefined);
        } catch (error) {
          await sequelize.query(
            'UPDATE outbox SET attempts = attempts + 1, last_error = :message WHERE seq = :seq',
            { replacements: { seq: row.seq, message: String((error as Error).message) }, transaction },
          );
          logger.warn({ err: error, eventId: row.event.id, topic: row.topic }, 'outbox publish failed; will retry');
          return { published, failed: true };
        }
        // Marked in the same transaction: a crash before commit republishes (at-least-once; consumers dedupe).
        await sequelize.query('UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE seq = :seq', {
          replacements: { seq: row.seq },
          transaction,
        });
        published += 1;
      }
      return { published, failed: false };
    });
  }

  async #run(): Promise<void> {
    const { logger, batchSize, pollIntervalMs, minBackoffMs, maxBackoffMs } = this.#options;
    while (this.#running) {
      this.#kicked = false;
      let result: BatchResult;
      try {
        result = await this.publishBatch();
      } catch (error) {
        logger.error({ err: error }, 'outbox relay error');
        result = { published: 0, failed: true };
      }
      if (result.failed) {
        this.#backoffMs = Math.min(maxBackoffMs, Math.max(minBackoffMs, this.#backoffMs * 2));
        await this.#sleep(this.#backoffMs, false);
        continue;
      }
      this.#backoffMs = 0;
      if (result.published < batchSize) await this.#sleep(pollIntervalMs, true);
    }
  }

  #sleep(ms: number, wakeOnKick: boolean): Promise<void> {
    if (wakeOnKick && this.#kicked) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        if (wakeOnKick || !this.#running) done();
      };
    });
  }
}
