import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { filterPolicy, type Topology } from '@episodic/messaging';

export interface MessagingProps {
  topology: Topology;
  /** Put before every topic and queue name. */
  namePrefix: string;
}

/** A topology queue with its dead-letter queue. */
export interface QueuePair {
  queue: sqs.Queue;
  dlq: sqs.Queue;
}

const DLQ_RETENTION = Duration.days(14);

/**
 * SNS topics, SQS queues with DLQs and redrive, and raw-delivery subscriptions with the same
 * `type` filter policies as the local bootstrap (shared/messaging applyTopology), all from one
 * Topology. Topics and queues are encrypted with one customer-managed key that SNS may use, so
 * an encrypted topic can deliver into an encrypted queue.
 */
export class Messaging extends Construct {
  readonly key: kms.Key;
  readonly topics = new Map<string, sns.Topic>();
  readonly queues = new Map<string, QueuePair>();

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Episodic SNS topics and SQS queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.grant(new iam.ServicePrincipal('sns.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    for (const name of props.topology.topics) {
      this.topics.set(name, new sns.Topic(this, `Topic-${name}`, { topicName: props.namePrefix + name, masterKey: this.key, enforceSSL: true }));
    }
    for (const spec of props.topology.queues) this.addQueue(spec, props.namePrefix);
  }

  topic(name: string): sns.Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new Error(`topic ${name} is not in the topology`);
    return topic;
  }

  queue(name: string): QueuePair {
    const pair = this.queues.get(name);
    if (!pair) throw new Error(`queue ${name} is not in the topology`);
    return pair;
  }

  private addQueue(spec: Topology['queues'][number], prefix: string): void {
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.key, enforceSSL: true };
    const dlq = new sqs.Queue(this, `Dlq-${spec.name}`, { queueName: `${prefix}${spec.name}-dlq`, retentionPeriod: DLQ_RETENTION, ...encryption });
    const queue = new sqs.Queue(this, `Queue-${spec.name}`, {
      queueName: prefix + spec.name,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      ...encryption,
    });
    this.queues.set(spec.name, { queue, dlq });
    const topicArns = spec.subscriptions.map((subscription) => this.topic(subscription.topic).topicArn);
    queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'TopicsDeliver',
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': topicArns } },
    }));
    for (const subscription of spec.subscriptions) {
      new sns.CfnSubscription(this, `Sub-${subscription.topic}-${spec.name}`, {
        topicArn: this.topic(subscription.topic).topicArn,
        protocol: 'sqs',
        endpoint: queue.queueArn,
        rawMessageDelivery: true,
        filterPolicyScope: 'MessageAttributes',
        filterPolicy: filterPolicy(subscription.types),
      });
    }
  }
}
