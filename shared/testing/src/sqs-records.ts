import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { PublishCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';
import { applyTopology, type AwsClients } from '@episodic/messaging';

/**
 * Receives at least `count` messages from a queue through the real SDK (polling with a deadline),
 * as the Lambda SQS event source would before invoking a function.
 */
export async function receiveMessages(sqs: SQSClient, queueUrl: string, count: number): Promise<Message[]> {
  const messages: Message[] = [];
  await waitFor(async () => {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    messages.push(...(Messages ?? []));
    return messages.length >= count;
  }, { what: `${count} messages on ${queueUrl}` });
  return messages;
}

/**
 * A received message in the shape the Lambda SQS event source hands a function.
 *
 *   const event = { Records: (await receiveMessages(sqs, queueUrl, 3)).map((m) => sqsRecordOf(m, queueArn)) };
 */
export function sqsRecordOf(message: Message, queueArn: string): SQSRecord {
  const attribute = (name: string, fallback: string) => message.Attributes?.[name as keyof typeof message.Attributes] ?? fallback;
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body!,
    attributes: {
      ApproximateReceiveCount: attribute('ApproximateReceiveCount', '1'),
      SentTimestamp: attribute('SentTimestamp', String(Date.now())),
      SenderId: attribute('SenderId', 'AIDAEXAMPLE'),
      ApproximateFirstReceiveTimestamp: attribute('ApproximateFirstReceiveTimestamp', String(Date.now())),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, { stringValue: value.StringValue, dataType: value.DataType ?? 'String' }]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/**
 * Publishes each body to `topic` (with its `type` attribute, as producers do), receives them on a
 * queue of the test's own subscribed to that topic, and returns them as one Lambda SQS event in
 * the order published (bodies must differ).
 *
 *   const event = await sqsEventVia(aws, TOPICS.catalog, [{ body: JSON.stringify(created), type: created.type }]);
 *   const { batchItemFailures } = await handler(event);
 */
export async function sqsEventVia(aws: AwsClients, topic: string, published: { body: string; type: string }[]): Promise<SQSEvent> {
  const queue = `lambda-${randomUUID().slice(0, 8)}`;
  const types = [...new Set(published.map((message) => message.type))];
  const { topicArns, queueUrls } = await applyTopology({ topics: [topic], queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic, types }] }], buckets: [] }, aws);
  for (const { body, type } of published) {
    await aws.sns.send(new PublishCommand({ TopicArn: topicArns[topic], Message: body, MessageAttributes: { type: { DataType: 'String', StringValue: type } } }));
  }
  const messages = await receiveMessages(aws.sqs, queueUrls[queue]!, published.length);
  const queueArn = `arn:aws:sqs:us-east-1:000000000000:${queue}`;
  return { Records: published.map(({ body }) => sqsRecordOf(messages.find((message) => message.Body === body)!, queueArn)) };
}
