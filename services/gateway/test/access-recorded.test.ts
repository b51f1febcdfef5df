import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';
import { applyTopology, createAwsClients, type AwsClients, type CloudEvent } from '@episodic/messaging';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: access.recorded events', () => {
  let gateway: RunningGateway;
  let aws: AwsClients;
  let queueUrl: string;
  const received: CloudEvent[] = [];

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit'] });
    const { emulator } = gateway.env;
    aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    const queue = `gateway-access-${randomUUID().slice(0, 8)}`;
    const applied = await applyTopology(
      { topics: ['gateway-events'], queues: [{ name: queue, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [{ topic: 'gateway-events', types: ['access.recorded'] }] }], buckets: [] },
      aws,
    );
    queueUrl = applied.queueUrls[queue]!;
  });
  after(() => gateway.close());

  /** Receives (and acknowledges) what the queue holds, keeping every event seen so far. */
  async function receive(): Promise<CloudEvent[]> {
    const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    for (const message of Messages) {
      received.push(JSON.parse(message.Body!) as CloudEvent);
      await aws.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    return received;
  }

  function eventFor(requestId: string): Promise<CloudEvent> {
    return waitFor(async () => (await receive()).find((event) => event.correlationid === requestId), { what: `access.recorded for ${requestId}` });
  }

  it('When an authenticated GET is answered, then access.recorded lands on the queue with the caller, the resource and the correlation id', async () => {
    const requestId = `read-${randomUUID()}`;
    const response = await gateway.call('/api/v1/episodes/42', { as: 'viewer', headers: { 'x-request-id': requestId, 'user-agent': 'audit-test/2.0' } });
    expect(response.status).to.equal(200);
    const event = await eventFor(requestId);
    expect(event).to.include({ type: 'access.recorded', source: 'episodic/gateway', specversion: '1.0', subject: 'episodes/42' });
    expect(event.data).to.deep.equal({
      action: 'view',
      resource_type: 'episode',
      resource_id: 42,
      method: 'GET',
      path: '/api/v1/episodes/42',
      status: 200,
      outcome: 'success',
    });
    expect(event.actor).to.include({ ip: '127.0.0.1', user_agent: 'audit-test/2.0' });
    expect(event.actor.roles).to.deep.equal(['viewer']);
    expect(event.actor.user_id).to.be.a('string').and.not.be.empty;
  });

  it('When a list is read, then resource_id is null', async () => {
    const requestId = `list-${randomUUID()}`;
    await (await gateway.call('/api/v1/episodes?limit=5', { as: 'viewer', headers: { 'x-request-id': requestId } })).body?.cancel();
    const event = await eventFor(requestId);
    expect(event.data).to.include({ resource_id: null, path: '/api/v1/episodes', outcome: 'success' });
  });

  it('When a write is denied, then access.recorded says denied with the rule\'s action', async () => {
    const requestId = `denied-${randomUUID()}`;
    const response = await gateway.call('/api/v1/episodes/7', { method: 'DELETE', as: 'editor', headers: { 'x-request-id': requestId } });
    expect(response.status).to.equal(403);
    const event = await eventFor(requestId);
    expect(event.data).to.deep.include({ action: 'delete', resource_type: 'episode', resource_id: 7, method: 'DELETE', status: 403, outcome: 'denied' });
  });

  it('When a read fails at the service, then access.recorded says failure', async () => {
    const requestId = `failed-${randomUUID()}`;
    gateway.echo.audit!.failWith = 500;
    try {
      expect((await gateway.call('/api/v1/audit/activity', { as: 'admin', headers: { 'x-request-id': requestId } })).status).to.equal(500);
    } finally {
      gateway.echo.audit!.failWith = undefined;
    }
    const event = await eventFor(requestId);
    expect(event.data).to.include({ resource_type: 'activity_log', status: 500, outcome: 'failure' });
  });

  it('When a write succeeds, then the gateway records it too (its domain event adds the old and new values)', async () => {
    const writeId = `write-${randomUUID()}`;
    const readId = `after-write-${randomUUID()}`;
    const created = await gateway.call('/api/v1/episodes', { method: 'POST', as: 'editor', headers: { 'x-request-id': writeId, 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).to.equal(201);
    await (await gateway.call('/api/v1/episodes/99', { as: 'editor', headers: { 'x-request-id': readId } })).body?.cancel();
    await eventFor(readId);
    const write = await eventFor(writeId);
    expect(write.data).to.include({ method: 'POST', status: 201, outcome: 'success', action: 'create' });
  });

  it('When there is no valid token, then nothing is recorded (there is no one to attribute it to)', async () => {
    const anonymousId = `anonymous-${randomUUID()}`;
    const readId = `after-anonymous-${randomUUID()}`;
    expect((await gateway.call('/api/v1/episodes', { headers: { 'x-request-id': anonymousId } })).status).to.equal(401);
    await (await gateway.call('/api/v1/episodes', { as: 'viewer', headers: { 'x-request-id': readId } })).body?.cancel();
    await eventFor(readId);
    expect((await receive()).map((event) => event.correlationid)).to.not.include(anonymousId);
  });
});
