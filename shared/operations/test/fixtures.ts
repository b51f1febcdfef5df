import { randomBytes } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createLogger } from '@episodic/core';
import { applyTopology, createAwsClients, createEvent, SYSTEM_ACTOR, type AwsClients, type CloudEvent, type QueueSpec } from '@episodic/messaging';
import { testEnvironment } from '@episodic/testing';

export const logger = createLogger({ name: 'operations-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

/** A topic and a consumer queue (with its DLQ) of the test's own on the emulator. */
export interface TestQueues {
  aws: AwsClients;
  topic: string;
  topicArn: string;
  spec: QueueSpec;
  url: string;
  dlqUrl: string;
}

export async function testQueues(types: readonly string[] = ['access.']): Promise<TestQueues> {
  const { emulator } = await testEnvironment();
  const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
  const suffix = randomBytes(4).toString('hex');
  const topic = `ops-topic-${suffix}`;
  const spec: QueueSpec = { name: `ops-queue-${suffix}`, visibilityTimeoutSeconds: 5, maxReceiveCount: 5, subscriptions: [{ topic, types }] };
  const applied = await applyTopology({ topics: [topic], queues: [spec], buckets: [] }, aws);
  return { aws, topic, topicArn: applied.topicArns[topic]!, spec, url: applied.queueUrls[spec.name]!, dlqUrl: applied.queueUrls[`${spec.name}-dlq`]! };
}

/** A valid access.recorded event. */
export function accessEvent(path = '/api/v1/episodes/1'): CloudEvent {
  return createEvent({
    source: 'episodic/gateway',
    type: 'access.recorded',
    subject: path.replace('/api/v1/', ''),
    data: { action: 'view', resource_type: 'episode', resource_id: 1, method: 'GET', path, status: 200, outcome: 'success' },
    actor: SYSTEM_ACTOR,
    correlationId: 'ops-test',
  });
}

/** Puts a message straight into a queue, as the consumer's quarantine or SQS's redrive would. */
export async function sendTo(aws: AwsClients, url: string, body: string, attributes: Record<string, string> = {}): Promise<string> {
  const { MessageId } = await aws.sqs.send(new SendMessageCommand({
    QueueUrl: url,
    MessageBody: body,
    MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
  }));
  return MessageId!;
}
