import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { guard, type Logger } from '@episodic/core';
import type { CloudEvent } from './envelope.ts';

export interface PublisherOptions {
  sns: SNSClient;
  /** ARN of a topic by its name, e.g. `arn:aws:sns:us-east-1:000000000000:` + name. */
  topicArnPrefix: string;
  logger: Logger;
  timeoutMs?: number;
}

/** Publishes an event to a topic; rejects with a 503 AppError when SNS is down or slow. */
export type Publisher = (topic: string, event: CloudEvent) => Promise<void>;

/**
 * The SNS publisher: the event as the raw JSON message, its `type` as a message attribute
 * (subscriptions filter on it), behind a circuit breaker with a timeout.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const send = guard('SNS', (command: PublishCommand) => options.sns.send(command), {
    timeoutMs: options.timeoutMs ?? 3000,
  });
  return async (topic, event) => {
    await send(
      new PublishCommand({
        TopicArn: `${options.topicArnPrefix}${topic}`,
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    );
    options.logger.debug({ eventId: event.id, type: event.type, topic, correlationId: event.correlationid }, 'event published');
  };
}
