import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { s3Sdk, type AwsClients } from './aws.ts';

/** A subscription of a queue to a topic, filtered on the events' `type` attribute. */
export interface SubscriptionSpec {
  topic: string;
  /** Exact event types, or prefixes ending in '.' (e.g. 'episode.'). */
  types: readonly string[];
}

export interface QueueSpec {
  name: string;
  visibilityTimeoutSeconds: number;
  /** Receives before the broker moves a message to `<name>-dlq`. */
  maxReceiveCount: number;
  subscriptions: readonly SubscriptionSpec[];
}

/** The whole messaging and storage topology: the one definition used locally and in AWS. */
export interface Topology {
  topics: readonly string[];
  queues: readonly QueueSpec[];
  buckets: readonly string[];
}

export interface AppliedTopology {
  topicArns: Record<string, string>;
  queueUrls: Record<string, string>;
}

/** The SNS filter policy that lets through exactly the listed types or prefixes. */
export function filterPolicy(types: readonly string[]): { type: (string | { prefix: string })[] } {
  return { type: types.map((type) => (type.endsWith('.') ? { prefix: type } : type)) };
}

/**
 * Creates topics, queues with their DLQs, filtered raw-delivery subscriptions and buckets.
 * Idempotent: every call is a create-if-missing, so it runs at each local start.
 */
export async function applyTopology(topology: Topology, aws: AwsClients): Promise<AppliedTopology> {
  const topicArns: Record<string, string> = {};
  for (const topic of topology.topics) {
    const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: topic }));
    topicArns[topic] = TopicArn!;
  }
  const queueUrls: Record<string, string> = {};
  for (const queue of topology.queues) {
    const dlqUrl = await createQueue(aws, `${queue.name}-dlq`, { MessageRetentionPeriod: '1209600' });
    const dlqArn = await queueArn(aws, dlqUrl);
    const url = await createQueue(aws, queue.name, {
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: String(queue.maxReceiveCount) }),
    });
    queueUrls[queue.name] = url;
    queueUrls[`${queue.name}-dlq`] = dlqUrl;
    const arn = await queueArn(aws, url);
    for (const subscription of queue.subscriptions) {
      await aws.sns.send(
        new SubscribeCommand({
          TopicArn: topicArns[subscription.topic],
          Protocol: 'sqs',
          Endpoint: arn,
          Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(filterPolicy(subscription.types)) },
        }),
      );
    }
  }
  for (const bucket of topology.buckets) await ensureBucket(aws, bucket);
  return { topicArns, queueUrls };
}

async function createQueue(aws: AwsClients, name: string, attributes: Record<string, string>): Promise<string> {
  const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return QueueUrl!;
}

async function queueArn(aws: AwsClients, url: string): Promise<string> {
  const { Attributes } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}

async function ensureBucket(aws: AwsClients, bucket: string): Promise<void> {
  const { CreateBucketCommand, HeadBucketCommand } = s3Sdk();
  try {
    await aws.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
