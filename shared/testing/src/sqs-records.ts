import type { SQSRecord } from 'aws-lambda';
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';

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
