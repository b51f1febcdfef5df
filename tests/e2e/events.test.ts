import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';
import pg from 'pg';
import { createAwsClients, type AwsClients } from '@episodic/messaging';
import type { RunningSystem } from '../../infra/local/system.ts';
import { bootSystem, call } from './system.ts';

describe('e2e: events between the running services', function () {
  this.timeout(60_000);
  let system: RunningSystem;
  let aws: AwsClients;
  let admin: string;
  let topicArn: string;

  before(async () => {
    system = await bootSystem();
    aws = createAwsClients({ region: 'us-east-1', endpoint: system.emulatorUrl, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    admin = await system.issuer.sign({ role: 'admin' });
    topicArn = 'arn:aws:sns:us-east-1:000000000000:catalog-events';
  });
  after(() => system?.stop());

  const publish = (body: string, type: string) =>
    aws.sns.send(new PublishCommand({ TopicArn: topicArn, Message: body, MessageAttributes: { type: { DataType: 'String', StringValue: type } } }));
  /** The audit rows of one request: its one access row (the gateway's) and the rows of the events it caused. */
  const rowsFor = async (correlationId: string, eventType?: string) => {
    const items = (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${correlationId}`, admin)).body.items as { event_type: string }[];
    return eventType ? items.filter((item) => item.event_type === eventType) : items;
  };

  it('When catalog redelivers an event, then audit records it once', async () => {
    const created = await call(system, 'POST', '/api/v1/episodes', admin, { show_name: 'Redelivery', season_number: 1, episode_number: 1, episode_title: 'Again' });
    const requestId = created.headers.get('x-request-id')!;
    await waitFor(async () => (await rowsFor(requestId, 'episode.created')).length === 1, { timeoutMs: 10_000, what: 'the first delivery' });
    // The very event catalog published (same id), as SNS/SQS may deliver it again.
    const catalogDb = new pg.Client({ connectionString: system.postgresUrl('episodic_catalog') });
    await catalogDb.connect();
    const { rows } = await catalogDb.query("SELECT event FROM outbox WHERE event->>'correlationid' = $1", [requestId]);
    await catalogDb.end();
    expect(rows).to.have.length(1);
    await publish(JSON.stringify(rows[0].event), 'episode.created');
    await publish(JSON.stringify(rows[0].event), 'episode.created');
    const marker = `marker-${randomUUID()}`;
    await call(system, 'GET', `/api/v1/episodes/${created.body.id}`, admin, undefined, { 'x-request-id': marker });
    await waitFor(async () => (await rowsFor(marker)).length === 1, { timeoutMs: 10_000, what: 'a later event' });
    const { QueueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: 'audit-events' }));
    await waitFor(async () => {
      const { Attributes } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return Attributes?.['ApproximateNumberOfMessages'] === '0' && Attributes?.['ApproximateNumberOfMessagesNotVisible'] === '0';
    }, { timeoutMs: 10_000, what: 'audit-events drained' });
    expect(await rowsFor(requestId, 'episode.created')).to.have.length(1);
    expect(await rowsFor(requestId, 'access.recorded')).to.have.length(1);
  });

  it('When a poison event reaches audit, then it lands in the DLQ and audit keeps recording', async () => {
    const { QueueUrl: dlqUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: 'audit-events-dlq' }));
    const depth = async () => Number((await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.['ApproximateNumberOfMessages'] ?? 0);
    const before = await depth();
    await publish('{"specversion":"1.0","type":"episode.created","data":{}}', 'episode.created');
    const marker = `marker-${randomUUID()}`;
    await call(system, 'GET', '/api/v1/episodes', admin, undefined, { 'x-request-id': marker });
    await waitFor(async () => (await depth()) === before + 1, { timeoutMs: 10_000, what: 'the poison message in audit-events-dlq' });
    await waitFor(async () => (await rowsFor(marker)).length === 1, { timeoutMs: 10_000, what: 'the next event recorded' });
  });
});
