import { expect } from 'chai';
import { QUEUES, TOPICS, TOPOLOGY } from '@episodic/infra';
import { SERVICE_SPECS, type ServiceName } from '../src/service-specs.ts';
import { allows, containerOf, environmentOf, mentions, statementsOf, synthesize, SYNTH_TIMEOUT_MS, type Synthesized } from './synthesized.ts';

describe('infra/aws: least privilege of the task roles, from the topology', () => {
  let app: Synthesized;
  /** audit consuming on Fargate, so its task role holds queue rights too. */
  let fargateAudit: Synthesized;
  before(function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    app = synthesize();
    fargateAudit = synthesize({ consumers: 'audit:fargate' });
  });

  const roleOf = (synth: Synthesized, service: ServiceName) => synth.idOf(synth.stack.services.taskDefinitions.get(service)!.taskRole);
  const topicId = (synth: Synthesized, topic: string) => synth.idOf(synth.stack.messaging.topic(topic));
  const queueId = (synth: Synthesized, queue: string, dlq = false) => synth.idOf(dlq ? synth.stack.messaging.queue(queue).dlq : synth.stack.messaging.queue(queue).queue);

  it('When a service publishes, then its task role may publish to its own topic and to no other', () => {
    for (const spec of SERVICE_SPECS) {
      for (const topic of Object.values(TOPICS)) {
        const expected = spec.publishes?.topic === topic;
        expect(allows(app.template, roleOf(app, spec.name), 'sns:Publish', topicId(app, topic)), `${spec.name} → ${topic}`).to.equal(expected);
      }
    }
    expect(allows(app.template, roleOf(app, 'catalog'), 'sns:Publish', topicId(app, TOPICS.media))).to.equal(false);
  });

  it('When a service consumes on Fargate, then it may receive and delete only from its own queues and send only to its own DLQs', () => {
    for (const spec of SERVICE_SPECS) {
      const own = spec.consumes.map((entry) => entry.queue);
      for (const queue of Object.values(QUEUES)) {
        const role = roleOf(fargateAudit, spec.name);
        const mine = own.includes(queue);
        for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
          expect(allows(fargateAudit.template, role, action, queueId(fargateAudit, queue)), `${spec.name} ${action} ${queue}`).to.equal(mine);
        }
        expect(allows(fargateAudit.template, role, 'sqs:SendMessage', queueId(fargateAudit, queue, true)), `${spec.name} → ${queue}-dlq`).to.equal(mine);
      }
    }
    expect(allows(fargateAudit.template, roleOf(fargateAudit, 'audit'), 'sqs:ReceiveMessage', queueId(fargateAudit, QUEUES.media))).to.equal(false);
  });

  it("When a producer replays its outbox history, then it may send only to the queues subscribed to its own topic", () => {
    for (const spec of SERVICE_SPECS.filter((entry) => entry.name !== 'gateway')) {
      for (const queue of TOPOLOGY.queues) {
        const subscribed = queue.subscriptions.some((subscription) => subscription.topic === spec.publishes?.topic);
        expect(allows(app.template, roleOf(app, spec.name), 'sqs:SendMessage', queueId(app, queue.name)), `${spec.name} sends to ${queue.name}`).to.equal(subscribed);
      }
    }
    expect(allows(app.template, roleOf(app, 'catalog'), 'sqs:SendMessage', queueId(app, QUEUES.audit))).to.equal(true);
    expect(allows(app.template, roleOf(app, 'catalog'), 'sqs:SendMessage', queueId(app, QUEUES.catalog))).to.equal(false);
  });

  it('When the gateway answers the dead-letter routes, then it may read and redrive every DLQ but receive from no source queue', () => {
    const role = roleOf(app, 'gateway');
    for (const queue of TOPOLOGY.queues) {
      for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:StartMessageMoveTask']) {
        expect(allows(app.template, role, action, queueId(app, queue.name, true)), `gateway ${action} ${queue.name}-dlq`).to.equal(true);
      }
      expect(allows(app.template, role, 'sqs:SendMessage', queueId(app, queue.name)), `gateway redrives to ${queue.name}`).to.equal(true);
      expect(allows(app.template, role, 'sqs:ReceiveMessage', queueId(app, queue.name)), `gateway receives from ${queue.name}`).to.equal(false);
    }
  });

  it("When audit's consumer runs as a Lambda, then audit's task role holds no queue rights at all", () => {
    const actions = statementsOf(app.template, roleOf(app, 'audit')).flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => action.startsWith('sqs:'))).to.deep.equal([]);
  });

  it('When media and processing touch S3, then only objects under episodes/ of the media bucket; the others get no rights on it', () => {
    const bucketId = app.idOf(app.stack.storage.media);
    for (const spec of SERVICE_SPECS) {
      const statements = statementsOf(app.template, roleOf(app, spec.name)).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')) && mentions(statement.Resource, bucketId));
      if (!spec.mediaBucket) {
        expect(statements, spec.name).to.deep.equal([]);
        continue;
      }
      const objectResources = statements.filter((statement) => [statement.Action].flat().includes('s3:PutObject')).map((statement) => JSON.stringify(statement.Resource));
      expect(objectResources, spec.name).to.have.length(1);
      expect(objectResources[0]).to.include(bucketId).and.to.include('/episodes/*');
      const listing = statements.find((statement) => [statement.Action].flat().includes('s3:ListBucket'))!;
      expect(listing.Condition, spec.name).to.deep.equal({ StringLike: { 's3:prefix': ['episodes/*'] } });
      expect(JSON.stringify(statements)).not.to.include(app.idOf(app.stack.storage.archive));
    }
  });

  it('When audit anchors its chain, then only audit may write and read the archive bucket, and nobody may delete from it', () => {
    const archiveId = app.idOf(app.stack.storage.archive);
    for (const spec of SERVICE_SPECS) {
      const role = roleOf(app, spec.name);
      expect(allows(app.template, role, 's3:PutObject', archiveId), `${spec.name} writes the archive`).to.equal(spec.name === 'audit');
      expect(allows(app.template, role, 's3:DeleteObject', archiveId), `${spec.name} deletes from the archive`).to.equal(false);
    }
    expect(mentions(environmentOf(app.template, 'audit')['AUDIT_ARCHIVE_BUCKET'], archiveId)).to.equal(true);
  });

  it('When a task needs a secret, then it comes through ECS secrets from its own service secret (audit: its own login, not the owner), never as a plain value', () => {
    for (const spec of SERVICE_SPECS) {
      const container = containerOf(app.template, spec.name);
      const names = (container.Secrets as { Name: string; ValueFrom: unknown }[]).map((secret) => secret.Name);
      expect(names, spec.name).to.include('GATEWAY_CONTEXT_KEY');
      expect(container.Environment.map((entry: { Name: string }) => entry.Name)).not.to.include.members(['DATABASE_PASSWORD', 'DATABASE_USER', 'GATEWAY_CONTEXT_KEY', 'DATABASE_URL']);
      if (!spec.database) continue;
      expect(names, spec.name).to.include.members(['DATABASE_USER', 'DATABASE_PASSWORD']);
      const own = app.idOf(app.stack.database.loginSecrets.get(spec.name) ?? app.stack.database.secrets.get(spec.name)!);
      if (spec.serviceLogin) expect(mentions(container.Secrets, app.idOf(app.stack.database.secrets.get(spec.name)!)), `${spec.name} holds no owner secret`).to.equal(false);
      for (const [name, field] of [['DATABASE_USER', 'username'], ['DATABASE_PASSWORD', 'password']]) {
        const secret = container.Secrets.find((entry: { Name: string }) => entry.Name === name);
        expect(mentions(secret.ValueFrom, own), `${spec.name} ${name}`).to.equal(true);
        expect(JSON.stringify(secret.ValueFrom), `${spec.name} ${name}`).to.include(`:${field}::`);
      }
    }
  });
});
