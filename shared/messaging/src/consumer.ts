import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sleep, type Logger } from '@episodic/core';
import { withTraceparent } from '@episodic/tracing';
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

export interface ConsumerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: EventHandler;
  logger: Logger;
  /** Long-poll wait per receive (SQS maximum 20 s). */
  waitTimeSeconds?: number;
  maxMessages?: number;
  /** Visibility backoff for a retry: base * 2^(receiveCount-1), capped. */
  backoffBaseSeconds?: number;
  backoffMaxSeconds?: number;
}

/**
 * The SQS consumer loop of one queue: long polls, validates each event against contracts/,
 * hands valid ones to the handler, deletes them on success, backs off through the message's
 * visibility on failure (the queue's redrive policy moves it to the DLQ after maxReceiveCount),
 * and sends poison messages (invalid JSON or schema) straight to the DLQ.
 *
 *   const consumer = new SqsConsumer({ sqs, queueUrl, handler: recordActivity, logger });
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
        await Promise.all(messages.map((message) => this.#process(message)));
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
    const { sqs, queueUrl, waitTimeSeconds = 20, maxMessages = 10 } = this.#options;
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        WaitTimeSeconds: waitTimeSeconds,
        MaxNumberOfMessages: maxMessages,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.#abort.signal },
    );
    return result.Messages ?? [];
  }

  async #process(message: Message): Promise<void> {
    const { handler, logger } = this.#options;
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    const messageId = message.MessageId ?? 'unknown';
    const check = parseEvent(message.Body);
    if (!check.ok) {
      await this.#quarantine(message, check.reason);
      return;
    }
    const log = logger.child({ eventId: check.event.id, type: check.event.type, correlationId: check.event.correlationid });
    const context: HandlerContext = {
      receiveCount,
      messageId,
      receiptHandle: message.ReceiptHandle ?? '',
      signal: this.#work.signal,
      extendVisibility: (seconds) => this.#setVisibility(message, seconds),
    };
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
    switch (outcome) {
      case 'success':
        await this.#delete(message);
        log.debug('event handled');
        return;
      case 'deadLetter':
        return this.#quarantine(message, 'the handler gave up on it');
      case 'handBack':
        return this.#setVisibility(message, 0).catch((error: unknown) => log.warn({ err: error }, 'could not hand the message back'));
      default:
        return this.#backOff(message, receiveCount);
    }
  }

  async #setVisibility(message: Message, seconds: number): Promise<void> {
    const { sqs, queueUrl } = this.#options;
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: Math.round(seconds) }));
  }

  async #delete(message: Message): Promise<void> {
    await this.#options.sqs.send(new DeleteMessageCommand({ QueueUrl: this.#options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
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
