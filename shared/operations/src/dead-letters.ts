import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import type { Logger } from '@episodic/core';
import type { QueueDirectory } from './queues.ts';

/** One DLQ as the listing shows it. */
export interface DeadLetterQueue {
  queue: string;
  source_queue: string;
  /** Messages waiting (ApproximateNumberOfMessages). */
  depth: number;
  /** Messages received but not yet deleted or released (a peek or redrive in progress). */
  in_flight: number;
  /** Age of the oldest message among up to `sampleSize` peeked ones; null when the queue is empty. */
  oldest_age_seconds: number | null;
}

/** One dead message, as a peek shows it. */
export interface DeadLetter {
  message_id: string;
  event_id: string | null;
  type: string | null;
  /** Why the consumer gave up on it, when it said so (poison or handler verdict); null after maxReceiveCount failures. */
  reason: string | null;
  /** Receives of this message so far (SQS's ApproximateReceiveCount, this peek included). */
  receive_count: number;
  sent_at: string | null;
}

/** What a redrive did. */
export interface RedriveResult {
  /** `message-move-task` when SQS moved them itself, `receive-send-delete` otherwise. */
  method: 'message-move-task' | 'receive-send-delete';
  /** Messages moved (for a move task: the depth when it started). */
  moved: number;
  /** Requested ids not found in the DLQ. */
  not_found: string[];
  task_handle?: string;
}

const BATCH = 10;
/** How long a peek or redrive hides the messages it holds; they are released (or deleted) before it ends. */
const HOLD_SECONDS = 30;

/**
 * The operators' view of the topology's dead-letter queues: list them, peek at their messages
 * without consuming them, and move messages back to the queue they came from.
 *
 *   const deadLetters = new DeadLetters(new QueueDirectory(sqs, TOPOLOGY.queues), logger);
 *   await deadLetters.redrive('audit-events-dlq', { ids: ['3f0c…'] });
 */
export class DeadLetters {
  readonly #queues: QueueDirectory;
  readonly #logger: Logger;

  constructor(queues: QueueDirectory, logger: Logger) {
    this.#queues = queues;
    this.#logger = logger;
  }

  /** Every DLQ of the topology with its depth and the age of its oldest (sampled) message. */
  async list(sampleSize = BATCH): Promise<DeadLetterQueue[]> {
    return Promise.all(this.#queues.pairs.map(async (pair) => {
      const url = await this.#queues.url(pair.deadLetter);
      const { Attributes = {} } = await this.#queues.call((sqs) => sqs.send(new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      })));
      const depth = Number(Attributes['ApproximateNumberOfMessages'] ?? 0);
      const sample = depth > 0 ? await this.peek(pair.deadLetter, sampleSize) : [];
      const oldest = Math.min(...sample.map((letter) => (letter.sent_at ? Date.parse(letter.sent_at) : Date.now())));
      return {
        queue: pair.deadLetter,
        source_queue: pair.source,
        depth,
        in_flight: Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0),
        oldest_age_seconds: sample.length > 0 ? Math.max(0, Math.round((Date.now() - oldest) / 1000)) : null,
      };
    }));
  }

  /**
   * Up to `limit` messages of a DLQ, none consumed: they are received (hidden for at most the
   * peek's duration) and released again before it returns. A peek adds one to each message's
   * receive count; DLQs have no redrive policy, so that never moves them.
   */
  async peek(deadLetter: string, limit = BATCH): Promise<DeadLetter[]> {
    const url = await this.#queues.url(this.#queues.pairOf(deadLetter).deadLetter);
    const held = await this.#receiveAll(url, limit);
    await this.#release(url, held);
    return held.map(describe);
  }

  /**
   * Moves messages back to their source queue: all of them (SQS's own message-move task where
   * the API has it, else receive/send/delete) or those with the given message ids. Each is sent
   * before it is deleted, so a crash in between duplicates it rather than losing it (consumers
   * apply an event once, by its id). With the source's consumer down they wait in its queue.
   */
  async redrive(deadLetter: string, options: { ids?: readonly string[] } = {}): Promise<RedriveResult> {
    const pair = this.#queues.pairOf(deadLetter);
    if (!options.ids) {
      const task = await this.#startMoveTask(pair.deadLetter, pair.source);
      if (task) return task;
    }
    const [dlqUrl, sourceUrl] = await Promise.all([this.#queues.url(pair.deadLetter), this.#queues.url(pair.source)]);
    const wanted = options.ids ? new Set(options.ids) : undefined;
    // Redriving all stops at the depth it started with: a message that fails again at once comes back as a new one.
    const limit = wanted ? Number.MAX_SAFE_INTEGER : await this.#depth(dlqUrl);
    const moved = new Set<string>();
    // Messages moved as each batch arrives; others are held (so the next receive sees new ones) and released at the end.
    const skipped = await this.#receiveAll(dlqUrl, limit, async (batch) => {
      const chosen = batch.filter((message) => !wanted || wanted.has(message.MessageId!));
      for (const message of chosen) {
        await this.#move(message, dlqUrl, sourceUrl);
        moved.add(message.MessageId!);
      }
      return wanted !== undefined && [...wanted].every((id) => moved.has(id));
    });
    await this.#release(dlqUrl, skipped.filter((message) => !moved.has(message.MessageId!)));
    this.#logger.info({ queue: pair.deadLetter, source: pair.source, moved: moved.size }, 'dead letters redriven');
    return { method: 'receive-send-delete', moved: moved.size, not_found: [...(wanted ?? [])].filter((id) => !moved.has(id)) };
  }

  /** SQS's StartMessageMoveTask, or undefined where the API lacks it (the local emulator). */
  async #startMoveTask(deadLetter: string, source: string): Promise<RedriveResult | undefined> {
    const [sourceArn, destinationArn] = await Promise.all([this.#queues.arn(deadLetter), this.#queues.arn(source)]);
    try {
      const { TaskHandle } = await this.#queues.probe((sqs, signal) => sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }), { abortSignal: signal }));
      const moved = await this.#depth(await this.#queues.url(deadLetter));
      return { method: 'message-move-task', moved, not_found: [], ...(TaskHandle ? { task_handle: TaskHandle } : {}) };
    } catch (error) {
      this.#logger.info({ err: error, queue: deadLetter }, 'no message-move task here; redriving by receive/send/delete');
      return undefined;
    }
  }

  /**
   * Receives (and holds) distinct messages until `limit`, an empty receive, or `onBatch` says it
   * is done; returns every message received.
   */
  async #receiveAll(url: string, limit: number, onBatch?: (batch: Message[]) => Promise<boolean>): Promise<Message[]> {
    const held = new Map<string, Message>();
    while (held.size < limit) {
      const { Messages = [] } = await this.#queues.call((sqs) => sqs.send(new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(BATCH, limit - held.size),
        VisibilityTimeout: HOLD_SECONDS,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        MessageAttributeNames: ['All'],
      })));
      const fresh = Messages.filter((message) => !held.has(message.MessageId!));
      if (fresh.length === 0) break;
      for (const message of fresh) held.set(message.MessageId!, message);
      if (onBatch && (await onBatch(fresh))) break;
    }
    return [...held.values()];
  }

  async #move(message: Message, dlqUrl: string, sourceUrl: string): Promise<void> {
    const { poison_reason: _reason, ...attributes } = message.MessageAttributes ?? {};
    await this.#queues.call((sqs) => sqs.send(new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: message.Body ?? '', MessageAttributes: attributes as Record<string, MessageAttributeValue> })));
    await this.#queues.call((sqs) => sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle })));
  }

  async #depth(url: string): Promise<number> {
    const { Attributes = {} } = await this.#queues.call((sqs) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })));
    return Number(Attributes['ApproximateNumberOfMessages'] ?? 0);
  }

  /** Makes held messages visible again at once. */
  async #release(url: string, messages: readonly Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH) {
      const entries = messages.slice(start, start + BATCH).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
      await this.#queues.call((sqs) => sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries })));
    }
  }
}

function describe(message: Message): DeadLetter {
  const event = parseBody(message.Body);
  const sent = message.Attributes?.SentTimestamp;
  return {
    message_id: message.MessageId!,
    event_id: typeof event?.['id'] === 'string' ? event['id'] : null,
    type: typeof event?.['type'] === 'string' ? event['type'] : (message.MessageAttributes?.['type']?.StringValue ?? null),
    reason: message.MessageAttributes?.['poison_reason']?.StringValue ?? null,
    receive_count: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    sent_at: sent ? new Date(Number(sent)).toISOString() : null,
  };
}

function parseBody(body: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body ?? '');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
