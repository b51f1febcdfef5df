import { PublishBatchCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { Errors, guard, type Logger } from '@episodic/core';
import { currentTraceparent, withTraceparent } from '@episodic/tracing';
import type { CloudEvent } from './envelope.ts';

export interface PublisherOptions {
  sns: SNSClient;
  /** ARN of a topic by its name, e.g. `arn:aws:sns:us-east-1:000000000000:` + name. */
  topicArnPrefix: string;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * Publishes an event to a topic; rejects with a 503 AppError when SNS is down or slow.
 * `traceparent` (the trace context stored with the event) continues the request's trace.
 */
export type Publisher = (topic: string, event: CloudEvent, traceparent?: string) => Promise<void>;

/**
 * The SNS publisher: the event as the raw JSON message, its `type` as a message attribute
 * (subscriptions filter on it) and its trace context as `traceparent` (consumers continue the
 * trace), behind a circuit breaker with a timeout. With tracing on, the publish is a producer
 * span of the request's trace.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const send = guard('SNS', (command: PublishCommand) => options.sns.send(command), {
    timeoutMs: options.timeoutMs ?? 3000,
  });
  return async (topic, event, traceparent) => {
    await withTraceparent(traceparent, `publish ${event.type}`, { 'messaging.destination.name': topic, 'messaging.message.id': event.id }, 'producer', () =>
      send(
        new PublishCommand({
          TopicArn: `${options.topicArnPrefix}${topic}`,
          Message: JSON.stringify(event),
          MessageAttributes: messageAttributes(event.type, currentTraceparent() ?? traceparent),
        }),
      ));
    options.logger.debug({ eventId: event.id, type: event.type, topic, correlationId: event.correlationid }, 'event published');
  };
}

/** Publishes up to 10 events to one topic in one SNS call; rejects (503) if any of them failed. */
export type BatchPublisher = (topic: string, events: CloudEvent[]) => Promise<void>;

/**
 * The SNS PublishBatch publisher, for high-volume best-effort events (the gateway's access
 * records): one signed HTTP call per 10 events instead of 10. A partly failed batch rejects and
 * is retried whole; consumers dedupe on the event id.
 */
export function createBatchPublisher(options: PublisherOptions): BatchPublisher {
  const send = guard('SNS', (command: PublishBatchCommand) => options.sns.send(command), {
    timeoutMs: options.timeoutMs ?? 3000,
  });
  return async (topic, events) => {
    const result = await send(
      new PublishBatchCommand({
        TopicArn: `${options.topicArnPrefix}${topic}`,
        PublishBatchRequestEntries: events.map((event, index) => ({
          Id: String(index),
          Message: JSON.stringify(event),
          MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
        })),
      }),
    );
    if (result.Failed?.length) throw Errors.unavailable(`SNS (${result.Failed.length} of ${events.length} events refused)`);
  };
}

/** The message attributes of an event: `type` for filter policies, `traceparent` when traced. */
export function messageAttributes(type: string, traceparent?: string): Record<string, { DataType: 'String'; StringValue: string }> {
  const attributes: Record<string, { DataType: 'String'; StringValue: string }> = { type: { DataType: 'String', StringValue: type } };
  if (traceparent) attributes['traceparent'] = { DataType: 'String', StringValue: traceparent };
  return attributes;
}
