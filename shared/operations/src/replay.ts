import { SendMessageBatchCommand, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { QueryTypes, type Sequelize } from 'sequelize';
import { Errors, type FieldError, type Logger } from '@episodic/core';
import type { QueueDirectory } from './queues.ts';

/** POST /admin/replays: a service's events committed in [from, to) to one subscriber queue. */
export interface ReplayRequest {
  service: string;
  queue: string;
  /** RFC 3339 instants; `to` is exclusive. */
  from: string;
  to: string;
}

export interface ReplayResult {
  service: string;
  queue: string;
  from: string;
  to: string;
  /** Events sent to the queue (those its subscription lets through). */
  replayed: number;
  /** Events of the range its subscription filters out. */
  skipped: number;
}

export interface ReplayOptions {
  sequelize: Sequelize;
  queues: QueueDirectory;
  /** The service whose outbox this is, e.g. `catalog`, and the topic it publishes on. */
  service: string;
  topic: string;
  /** How long published events are kept (OUTBOX_RETENTION_DAYS); older ranges cannot be replayed. */
  retentionDays: number;
  logger: Logger;
}

interface HistoryRow {
  seq: string;
  event: { id: string; type: string };
  trace_context: string | null;
}

const PAGE = 500;
const SEND_BATCH = 10;
/** Clock skew allowed between a client and us for `to`. */
const SKEW_MS = 60_000;

/**
 * Replays from the outbox history: the events a service published in a time range go again,
 * with their own ids and message attributes (as SNS raw delivery sets them), to one subscriber
 * queue only, never to the topic, so one downstream system rebuilds its state without
 * disturbing others. Only the types the queue's subscription to this service's topic lets
 * through are sent.
 *
 *   await replay.replay({ service: 'catalog', queue: 'media-episode-events', from, to });
 */
export class OutboxReplay {
  readonly #options: ReplayOptions;

  constructor(options: ReplayOptions) {
    this.#options = options;
  }

  async replay(request: ReplayRequest): Promise<ReplayResult> {
    const { sequelize, queues, logger } = this.#options;
    const { from, to } = this.#checkRange(request);
    const accepts = this.#filterOf(request.queue);
    const url = await queues.url(request.queue);
    let after = '0';
    let replayed = 0;
    let skipped = 0;
    for (;;) {
      const rows = await sequelize.query<HistoryRow>(
        `SELECT seq, event, trace_context FROM outbox
         WHERE published_at IS NOT NULL AND topic = :topic AND created_at >= :from AND created_at < :to AND seq > :after
         ORDER BY seq LIMIT :limit`,
        { replacements: { topic: this.#options.topic, from, to, after, limit: PAGE }, type: QueryTypes.SELECT },
      );
      const chosen = rows.filter((row) => accepts(row.event.type));
      skipped += rows.length - chosen.length;
      for (let start = 0; start < chosen.length; start += SEND_BATCH) await this.#send(url, chosen.slice(start, start + SEND_BATCH));
      replayed += chosen.length;
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.seq;
    }
    logger.info({ ...request, replayed, skipped }, 'events replayed to one subscriber queue');
    return { service: this.#options.service, queue: request.queue, from: from.toISOString(), to: to.toISOString(), replayed, skipped };
  }

  #checkRange(request: ReplayRequest): { from: Date; to: Date } {
    const errors: FieldError[] = [];
    const from = new Date(request.from);
    const to = new Date(request.to);
    const oldest = Date.now() - this.#options.retentionDays * 86_400_000;
    if (request.service !== this.#options.service) errors.push({ path: '/service', message: `must be ${this.#options.service} here` });
    if (Number.isNaN(from.getTime())) errors.push({ path: '/from', message: 'must be an RFC 3339 date-time' });
    else if (from.getTime() < oldest) errors.push({ path: '/from', message: `is beyond the outbox retention (${this.#options.retentionDays} days)` });
    if (Number.isNaN(to.getTime())) errors.push({ path: '/to', message: 'must be an RFC 3339 date-time' });
    else if (to.getTime() > Date.now() + SKEW_MS) errors.push({ path: '/to', message: 'is in the future' });
    if (errors.length === 0 && from >= to) errors.push({ path: '/to', message: 'must be after from' });
    if (errors.length > 0) throw Errors.validation(errors, 'The replay range is not valid.');
    return { from, to };
  }

  /** Which event types the queue receives from this service's topic; a queue not subscribed to it is a 400. */
  #filterOf(queue: string): (type: string) => boolean {
    const spec = this.#options.queues.specs.find((candidate) => candidate.name === this.#options.queues.sourceNamed(queue));
    const types = (spec?.subscriptions ?? []).filter((subscription) => subscription.topic === this.#options.topic).flatMap((subscription) => subscription.types);
    if (types.length === 0) {
      throw Errors.validation([{ path: '/queue', message: `does not subscribe to ${this.#options.topic}` }], 'The queue receives nothing from this service.');
    }
    return (type) => types.some((accepted) => (accepted.endsWith('.') ? type.startsWith(accepted) : type === accepted));
  }

  async #send(url: string, rows: readonly HistoryRow[]): Promise<void> {
    const entries = rows.map((row, index) => ({ Id: String(index), MessageBody: JSON.stringify(row.event), MessageAttributes: attributesOf(row) }));
    const result = await this.#options.queues.call((sqs) => sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries })));
    if (result.Failed?.length) throw Errors.unavailable(`SQS (${result.Failed.length} of ${rows.length} replayed events refused)`);
  }
}

/** The message attributes the SNS raw delivery of this event carried. */
function attributesOf(row: HistoryRow): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = { type: { DataType: 'String', StringValue: row.event.type } };
  if (row.trace_context) attributes['traceparent'] = { DataType: 'String', StringValue: row.trace_context };
  return attributes;
}
