import { expect } from 'chai';
import { Match } from 'aws-cdk-lib/assertions';
import { filterPolicy } from '@episodic/messaging';
import { TOPOLOGY } from '@episodic/infra';
import { mentions, synthesize, SYNTH_TIMEOUT_MS, type Synthesized } from './synthesized.ts';

describe('infra/aws: the messaging topology from infra/topology.ts', () => {
  let app: Synthesized;
  before(function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    app = synthesize();
  });

  it('When synthesized, then every topology topic exists, encrypted with the messaging key', () => {
    const keyId = app.idOf(app.stack.messaging.key);
    for (const topic of TOPOLOGY.topics) {
      app.template.hasResourceProperties('AWS::SNS::Topic', { TopicName: topic, KmsMasterKeyId: Match.objectLike({ 'Fn::GetAtt': [keyId, 'Arn'] }) });
    }
  });

  it('When synthesized, then every topology queue has its DLQ, redrive count, visibility timeout and KMS encryption', () => {
    for (const spec of TOPOLOGY.queues) {
      const dlqId = app.idOf(app.stack.messaging.queue(spec.name).dlq);
      app.template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: spec.name,
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: spec.maxReceiveCount },
        KmsMasterKeyId: Match.anyValue(),
      });
      app.template.hasResourceProperties('AWS::SQS::Queue', { QueueName: `${spec.name}-dlq`, MessageRetentionPeriod: 1_209_600, KmsMasterKeyId: Match.anyValue() });
    }
  });

  it('When synthesized, then every subscription has the filter policy the local bootstrap applies, with raw delivery', () => {
    const subscriptions = Object.values(app.template.findResources('AWS::SNS::Subscription')) as any[];
    const expected = TOPOLOGY.queues.flatMap((queue) => queue.subscriptions.map((subscription) => ({ queue: queue.name, ...subscription })));
    expect(subscriptions).to.have.length(expected.length);
    for (const { queue, topic, types } of expected) {
      const queueId = app.idOf(app.stack.messaging.queue(queue).queue);
      const topicId = app.idOf(app.stack.messaging.topic(topic));
      const found = subscriptions.filter((subscription) => mentions(subscription.Properties.Endpoint, queueId) && mentions(subscription.Properties.TopicArn, topicId));
      expect(found, `${topic} → ${queue}`).to.have.length(1);
      expect(found[0].Properties).to.deep.include({ Protocol: 'sqs', RawMessageDelivery: true, FilterPolicyScope: 'MessageAttributes', FilterPolicy: filterPolicy(types) });
    }
  });

  it("When synthesized, then each queue's policy lets exactly its subscribed topics deliver", () => {
    const policies = Object.values(app.template.findResources('AWS::SQS::QueuePolicy')) as any[];
    for (const spec of TOPOLOGY.queues) {
      const queueId = app.idOf(app.stack.messaging.queue(spec.name).queue);
      const statement = policies
        .filter((policy) => mentions(policy.Properties.Queues, queueId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
        .find((entry: any) => entry.Sid === 'TopicsDeliver');
      expect(statement, spec.name).to.deep.include({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'sns.amazonaws.com' } });
      const sources = statement.Condition.ArnEquals['aws:SourceArn'];
      expect(sources).to.have.length(spec.subscriptions.length);
      for (const subscription of spec.subscriptions) expect(mentions(sources, app.idOf(app.stack.messaging.topic(subscription.topic))), subscription.topic).to.equal(true);
    }
  });

  it('When synthesized, then the messaging key lets SNS encrypt into the queues and rotates', () => {
    const key = app.template.findResources('AWS::KMS::Key')[app.idOf(app.stack.messaging.key)] as any;
    expect(key.Properties.EnableKeyRotation).to.equal(true);
    const forSns = key.Properties.KeyPolicy.Statement.find((statement: any) => statement.Principal?.Service === 'sns.amazonaws.com');
    expect(forSns.Action).to.include.members(['kms:GenerateDataKey*', 'kms:Decrypt']);
  });
});
