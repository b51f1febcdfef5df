import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sleep, type Logger } from '@episodic/core';
import { withMessageSpans, withTraceparent } from '@episodic/tracing';
import type { CloudEvent } from './envelope.ts';
import { parseEvent } from './validation.ts';

/**
 * What a handler decided: done (delete the message), try again later (back off), give up now
 * (move it to the DLQ), or hand it back untouched for another worker (visibility 0).
 */
export type HandlerOutcome = 'success' | 'retryLater' | 'deadLetter' | 'handBack';

/** What a handler knows of the message it works on, and what it may do with it. */
export interface HandlerContext {
  receiveCount: number;
  messageId: string;
  /** The receipt of this delivery (changes with each receive). */
  receiptHandle: string;
  /** Aborted when the consumer stops and its hand-back deadline has passed: stop and hand the message back. */
  signal: AbortSignal;
  /** Keeps the message invisible for `seconds` more (a heartbeat for long work). */
  extendVisibility(seconds: number): Promise<void>;
}

export type EventHandler = (event: CloudEvent, context: HandlerContext) => Promise<HandlerOutcome>;

/** One valid event of a received batch, with what its handler knows of its message. */
export interface BatchItem {
  event: CloudEvent;
  context: HandlerContext;
}

/**
 * Handles the valid events of one receive together (e.g. in one transaction) and says what
 * became of each: one outcome per item, in the items' order. A throw retries them all.
 */
export type BatchHandler = (items: BatchItem[]) => Promise<HandlerOutcome[]>;

/** Either a handler of one event at a time, or a handler of a whole received batch. */
export type HandlerOption = { handler: EventHandler; batchHandler?: never } | { batchHandler: BatchHandler; handler?: never };

export type ConsumerOptions = HandlerOption & {
  sqs: SQSClient;
  queueUrl: string;
  logger: Logger;
  /** Long-poll wait per receive (SQS maximum 20 s). */
  waitTimeSeconds?: number;
  maxMessages?: number;
  /** Visibility backoff for a retry: base * 2^(receiveCount-1), capped. */
  backoffBaseSeconds?: number;
  backoffMaxSeconds?: number;
  /**
   * Batch mode only: the visibility each receive asks for (default 30 s). While a batch handler
   * runs, the consumer extends its messages' visibility by as much again every half of it, so a
   * batch stuck behind a lock is never redelivered to another worker and recorded twice over.
   */
  visibilityTimeoutSeconds?: number;
  /**
   * Batch mode only: after a receive that brought fewer than `maxMessages`, wait this long before
   * the next one, so a trickle of messages gathers into fuller batches (each batch costs about
   * the same, whatever its size). Adds at most this much latency; a full receive never waits.
   */
  batchWindowMs?: number;
};

/**
 * The SQS consumer loop of one queue: long polls, validates each event against contracts/,
 * hands valid ones to the handler, deletes them on success, backs off through the message's
 * visibility on failure (the queue's redrive policy moves it to the DLQ after maxReceiveCount),
 * and sends poison messages (invalid JSON or schema) straight to the DLQ. With `batchHandler`
 * instead of `handler`, the valid events of each receive (up to 10) go to it together, and the
 * successes are deleted with one DeleteMessageBatch.
 *
 *   const consumer = new SqsConsumer({ sqs, queueUrl, handler: applyEpisodeEvent, logger });
 *   const batched = new SqsConsumer({ sqs, queueUrl, batchHandler: recordActivities, logger });
 *   consumer.start();  ...  await consumer.stop();   // on SIGTERM
 */
export class SqsConsumer {
  readonly #options: ConsumerOptions;
  #abort = new AbortController();
  /** Aborted at the hand-back deadline of a stop. */
  #work = new AbortController();
  #loop: Promise<void> | undefined;
  #dlqUrl: Promise<string | undefined> | undefined;

  constructor(options: ConsumerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#loop) return;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  /**
   * Stops polling and lets the messages in hand finish. With `handBackAfterMs`, handlers still
   * running after that long see their `signal` aborted, so they can stop and hand their message back.
   */
  async stop(options: { handBackAfterMs?: number } = {}): Promise<void> {
    this.#abort.abort();
    const deadline = options.handBackAfterMs === undefined ? undefined : setTimeout(() => this.#work.abort(), options.handBackAfterMs);
    await this.#loop;
    clearTimeout(deadline);
    this.#loop = undefined;
    this.#work = new AbortController();
  }

  async #run(): Promise<void> {
    const { logger } = this.#options;
    let failures = 0;
    while (!this.#abort.signal.aborted) {
      try {
        const messages = await this.#receive();
        failures = 0;
        if (this.#options.batchHandler) {
          await this.#processBatch(messages, this.#options.batchHandler);
          await this.#gatherWindow(messages.length);
        } else await Promise.all(messages.map((message) => this.#process(message)));
      } catch (error) {
        if (this.#abort.signal.aborted) break;
        failures += 1;
        const delayMs = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        logger.warn({ err: error, delayMs }, 'receive failed; backing off');
        await sleep(delayMs, this.#abort.signal).catch(() => undefined);
      }
    }
  }

  async #receive(): Promise<Message[]> {
    const { sqs, queueUrl, waitTimeSeconds = 20, maxMessages = 10, batchHandler } = this.#options;
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: waitTimeSeconds,
        MaxNumberOfMessages: maxMessages,
        ...(batchHandler && { VisibilityTimeout: this.#batchVisibility() }),
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.#abort.signal },
    );
    return result.Messages ?? [];
  }

  async #process(message: Message): Promise<void> {
    const handler = this.#options.handler!;
    const check = parseEvent(message.Body);
    if (!check.ok) {
      await this.#quarantine(message, check.reason);
      return;
    }
    const log = this.#logOf(check.event);
    const context = this.#contextOf(message);
    const { receiveCount } = context;
    let outcome: HandlerOutcome;
    try {
      // The handler continues the trace of the request that caused the event (its `traceparent` attribute).
      const traceparent = message.MessageAttributes?.['traceparent']?.StringValue;
      const attributes = { 'messaging.message.id': check.event.id, 'messaging.destination.name': this.#options.queueUrl.split('/').at(-1) ?? '' };
      outcome = await withTraceparent(traceparent, `process ${check.event.type}`, attributes, 'consumer', () => handler(check.event, context));
    } catch (error) {
      log.warn({ err: error, receiveCount }, 'handler failed; will retry');
      outcome = 'retryLater';
    }
    if (outcome === 'success') {
      await this.#delete(message);
      log.debug('event handled');
      return;
    }
    return this.#settle(message, outcome, log);
  }

  /**
   * One receive in batch mode: poison to the DLQ, the valid events to the batch handler together
   * (their visibility kept alive meanwhile), the successes deleted in one call, the rest settled
   * one by one as `#process` settles them.
   */
  async #processBatch(messages: Message[], batchHandler: BatchHandler): Promise<void> {
    const valid: { message: Message; item: BatchItem }[] = [];
    const poison: { message: Message; reason: string }[] = [];
    for (const message of messages) {
      const check = parseEvent(message.Body);
      if (check.ok) valid.push({ message, item: { event: check.event, context: this.#contextOf(message) } });
      else poison.push({ message, reason: check.reason });
    }
    await Promise.all([...poison.map(({ message, reason }) => this.#quarantine(message, reason)), valid.length > 0 && this.#handleValid(valid, batchHandler)]);
  }

  async #handleValid(valid: { message: Message; item: BatchItem }[], batchHandler: BatchHandler): Promise<void> {
    const inHand = valid.map(({ message }) => message);
    const outcomes = await this.#whileVisible(inHand, () => this.#runBatch(batchHandler, valid.map(({ item }) => item), inHand));
    await this.#deleteAll(valid.filter((_, index) => outcomes[index] === 'success').map(({ message }) => message));
    await Promise.all(valid.map(({ message, item }, index) => (outcomes[index] === 'success' ? undefined : this.#settle(message, outcomes[index]!, this.#logOf(item.event)))));
  }

  async #runBatch(batchHandler: BatchHandler, items: BatchItem[], messages: Message[]): Promise<HandlerOutcome[]> {
    const attributes = { 'messaging.destination.name': this.#options.queueUrl.split('/').at(-1) ?? '', 'messaging.batch.message_count': items.length };
    try {
      // One consumer span per event, each continuing its own message's trace.
      const spans = messages.map((message, index) => ({ traceparent: message.MessageAttributes?.['traceparent']?.StringValue, name: `process ${items[index]!.event.type}` }));
      const outcomes = await withMessageSpans(spans, attributes, () => batchHandler(items));
      if (outcomes.length !== items.length) throw new Error(`the batch handler returned ${outcomes.length} outcomes for ${items.length} events`);
      return outcomes;
    } catch (error) {
      this.#options.logger.warn({ err: error, events: items.length }, 'batch handler failed; will retry each');
      return items.map(() => 'retryLater');
    }
  }

  /** Runs `work` while extending the messages' visibility every half of it, so none expires in hand. */
  async #whileVisible<T>(messages: Message[], work: () => Promise<T>): Promise<T> {
    const seconds = this.#batchVisibility();
    const heartbeat = setInterval(() => {
      void this.#setVisibilityAll(messages, seconds).catch((error: unknown) => this.#options.logger.warn({ err: error }, 'could not extend the batch\'s visibility'));
    }, (seconds * 1000) / 2);
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Lets messages gather after a receive that was not full (`batchWindowMs`); a stop cuts it short. */
  async #gatherWindow(received: number): Promise<void> {
    const { batchWindowMs = 0, maxMessages = 10 } = this.#options;
    if (batchWindowMs > 0 && received < maxMessages) await sleep(batchWindowMs, this.#abort.signal).catch(() => undefined);
  }

  #batchVisibility(): number {
    return this.#options.visibilityTimeoutSeconds ?? 30;
  }

  #contextOf(message: Message): HandlerContext {
    return {
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      messageId: message.MessageId ?? 'unknown',
      receiptHandle: message.ReceiptHandle ?? '',
      signal: this.#work.signal,
      extendVisibility: (seconds) => this.#setVisibility(message, seconds),
    };
  }

  #logOf(event: CloudEvent): Logger {
    return this.#options.logger.child({ eventId: event.id, type: event.type, correlationId: event.correlationid });
  }

  /** What becomes of a message its handler did not finish: the DLQ, back to the queue now, or a backoff. */
  async #settle(message: Message, outcome: HandlerOutcome, log: Logger): Promise<void> {
    switch (outcome) {
      case 'deadLetter':
        return this.#quarantine(message, 'the handler gave up on it');
      case 'handBack':
        return this.#setVisibility(message, 0).catch((error: unknown) => log.warn({ err: error }, 'could not hand the message back'));
      default:
        return this.#backOff(message, Number(message.Attributes?.ApproximateReceiveCount ?? 1));
    }
  }

  async #setVisibility(message: Message, seconds: number): Promise<void> {
    const { sqs, queueUrl } = this.#options;
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: Math.round(seconds) }));
  }

  async #setVisibilityAll(messages: Message[], seconds: number): Promise<void> {
    const { sqs, queueUrl } = this.#options;
    const Entries = messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: seconds }));
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries }));
  }

  async #delete(message: Message): Promise<void> {
    await this.#options.sqs.send(new DeleteMessageCommand({ QueueUrl: this.#options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }

  /** Deletes handled messages in one call; one that fails to delete comes back and is found in the inbox. */
  async #deleteAll(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    const { sqs, queueUrl, logger } = this.#options;
    const Entries = messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle }));
    const { Failed = [] } = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries })).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not delete the handled batch; it will be redelivered');
      return { Failed: [] };
    });
    for (const failure of Failed) logger.warn({ messageId: messages[Number(failure.Id)]?.MessageId, code: failure.Code }, 'could not delete a handled message; it will be redelivered');
  }

  async #backOff(message: Message, receiveCount: number): Promise<void> {
    const { backoffBaseSeconds = 1, backoffMaxSeconds = 300 } = this.#options;
    const seconds = Math.min(backoffMaxSeconds, backoffBaseSeconds * 2 ** (receiveCount - 1));
    await this.#setVisibility(message, seconds).catch((error: unknown) => this.#options.logger.warn({ err: error }, 'could not extend visibility for backoff'));
  }

  /** A message no retry can fix: move it to the DLQ now instead of after maxReceiveCount tries. */
  async #quarantine(message: Message, reason: string): Promise<void> {
    const { sqs, logger } = this.#options;
    const dlqUrl = await this.#deadLetterQueueUrl();
    logger.error({ messageId: message.MessageId, reason, dlqUrl }, 'moving the message to the dead-letter queue');
    if (!dlqUrl) return this.#backOff(message, 10);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: message.Body ?? '',
        MessageAttributes: {
          ...message.MessageAttributes,
          poison_reason: { DataType: 'String', StringValue: reason.slice(0, 1000) },
        },
      }),
    );
    await this.#delete(message);
  }

  #deadLetterQueueUrl(): Promise<string | undefined> {
    this.#dlqUrl ??= this.#resolveDeadLetterQueueUrl().catch((error: unknown) => {
      this.#dlqUrl = undefined;
      throw error;
    });
    return this.#dlqUrl;
  }

  async #resolveDeadLetterQueueUrl(): Promise<string | undefined> {
    const { sqs, queueUrl } = this.#options;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }));
    const arn: string | undefined = Attributes?.RedrivePolicy ? JSON.parse(Attributes.RedrivePolicy).deadLetterTargetArn : undefined;
    if (!arn) return undefined;
    const [, , , , account, name] = arn.split(':');
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
    return QueueUrl;
  }
}
