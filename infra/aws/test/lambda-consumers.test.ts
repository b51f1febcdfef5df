import { expect } from 'chai';
import { Match } from 'aws-cdk-lib/assertions';
import { QUEUES, TOPOLOGY } from '@episodic/infra';
import { createEpisodicApp } from '../src/app.ts';
import { environmentOf, FAST, mentions, synthesize, SYNTH_TIMEOUT_MS, type Synthesized } from './synthesized.ts';

describe('infra/aws: consumers on Lambda or Fargate (-c consumers=...)', () => {
  let lambda: Synthesized;
  let fargate: Synthesized;
  before(function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    lambda = synthesize();
    fargate = synthesize({ consumers: 'audit:fargate' });
  });

  it("When nothing is chosen, then audit's consumer is a Lambda on both audit queues with partial batch responses, bounded to two batches per queue", () => {
    const fn = lambda.stack.lambdaConsumers.get('audit')!.function;
    const fnId = lambda.idOf(fn);
    for (const queue of [QUEUES.audit, QUEUES.auditAccess]) {
      lambda.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId },
        EventSourceArn: { 'Fn::GetAtt': [lambda.idOf(lambda.stack.messaging.queue(queue).queue), 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
        ...(queue === QUEUES.auditAccess ? { MaximumBatchingWindowInSeconds: 1 } : {}),
      });
    }
    const windows = Object.values(lambda.template.findResources('AWS::Lambda::EventSourceMapping')).map((mapping: any) => mapping.Properties.MaximumBatchingWindowInSeconds);
    expect(windows.sort(), 'only the access queue waits to fill a batch').to.deep.equal([1, undefined]);
    const mapping = Object.values(lambda.template.findResources('AWS::Lambda::EventSourceMapping'))[0] as any;
    expect(mentions(mapping.DependsOn, lambda.idOf(lambda.stack.database.provisioned)), 'events flow after provisioning').to.equal(true);
    expect(mentions(mapping.DependsOn, lambda.idOf(lambda.stack.services.service('audit'))), "and after audit's tasks created its login").to.equal(true);
    const props = (lambda.template.findResources('AWS::Lambda::Function')[fnId] as any).Properties;
    expect(props).to.deep.include({ Runtime: 'nodejs24.x', ReservedConcurrentExecutions: 4, Handler: 'index.handler' });
    expect(props.Timeout).to.be.below(TOPOLOGY.queues.find((queue) => queue.name === QUEUES.audit)!.visibilityTimeoutSeconds);
    expect(props.VpcConfig.SubnetIds).to.have.length(2);
    // Its own login (writer role only), never the owner's secret.
    expect(mentions(props.Environment.Variables.DATABASE_SECRET_ARN, lambda.idOf(lambda.stack.database.loginSecrets.get('audit')!))).to.equal(true);
    expect(mentions(props.Environment.Variables.DATABASE_SECRET_ARN, lambda.idOf(lambda.stack.database.secrets.get('audit')!))).to.equal(false);
    expect(props.Environment.Variables).to.include({ DATABASE_SSL: 'verify-full', DATABASE_NAME: 'audit' });
    expect(props.Environment.Variables).not.to.have.any.keys('DATABASE_PASSWORD', 'DATABASE_USER', 'AWS_REGION', 'AUDIT_CONSUMER_ENABLED');
  });

  it('When audit consumes on Lambda, then its ECS task still serves the API with AUDIT_CONSUMER_ENABLED=false', () => {
    expect(environmentOf(lambda.template, 'audit')).to.include({ AUDIT_CONSUMER_ENABLED: 'false' });
    lambda.template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'audit' });
  });

  it('When audit:fargate is chosen, then there is no consumer Lambda and the audit task consumes (setting left at its default)', () => {
    fargate.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(fargate.stack.lambdaConsumers.size).to.equal(0);
    expect(environmentOf(fargate.template, 'audit')).not.to.have.property('AUDIT_CONSUMER_ENABLED');
    fargate.template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'audit', DesiredCount: Match.anyValue() });
  });

  it("When catalog:lambda is chosen, then catalog's tasks get CATALOG_CONSUMER_ENABLED=false and a Lambda takes its queue", function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    const catalog = synthesize({ consumers: 'audit:fargate,catalog:lambda' });
    expect(environmentOf(catalog.template, 'catalog')).to.include({ CATALOG_CONSUMER_ENABLED: 'false' });
    const fn = catalog.stack.lambdaConsumers.get('catalog')!.function;
    catalog.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: catalog.idOf(fn) },
      EventSourceArn: { 'Fn::GetAtt': [catalog.idOf(catalog.stack.messaging.queue(QUEUES.catalog).queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(catalog.stack.lambdaConsumers.has('audit')).to.equal(false);
  });

  it('When the consumers value is malformed, then the synth stops naming the context key', () => {
    expect(() => createEpisodicApp({ ...FAST, consumers: 'audit:kinesis' })).to.throw(/context consumers: "audit:kinesis"/);
    expect(() => createEpisodicApp({ ...FAST, consumers: 'billing:lambda' })).to.throw(/context consumers: "billing:lambda"/);
  });
});
