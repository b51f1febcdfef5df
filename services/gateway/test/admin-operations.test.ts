import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { applyTopology, createAwsClients, createEvent, SYSTEM_ACTOR, type AppliedTopology, type AwsClients } from '@episodic/messaging';
import { EventTap } from '@episodic/testing';
import { TOPICS, TOPOLOGY } from '@episodic/infra';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

const DLQ = 'processing-episode-events-dlq';

describe('gateway: admin operations on the event flow (dead letters, replays)', () => {
  let gateway: RunningGateway;
  let aws: AwsClients;
  let topology: AppliedTopology;
  let access: EventTap;

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit', 'processing'] });
    const { emulator } = gateway.env;
    aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    topology = await applyTopology(TOPOLOGY, aws);
    access = await EventTap.subscribe(aws, topology.topicArns[TOPICS.gateway]!);
  });
  after(() => gateway.close());

  async function deadLetter(): Promise<{ messageId: string; eventId: string }> {
    const event = createEvent({ source: 'episodic/catalog', type: 'episode.deleted', subject: 'episodes/9', data: {}, actor: SYSTEM_ACTOR, correlationId: 'admin-test' });
    const { MessageId } = await aws.sqs.send(new SendMessageCommand({
      QueueUrl: topology.queueUrls[DLQ],
      MessageBody: JSON.stringify(event),
      MessageAttributes: { type: { DataType: 'String', StringValue: event.type }, poison_reason: { DataType: 'String', StringValue: 'schema: /data must have required property episode' } },
    }));
    return { messageId: MessageId!, eventId: event.id };
  }

  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('When an admin lists dead letters, then every DLQ of the topology is there with its depth; an editor gets 403', async () => {
    await deadLetter();
    const listed = await gateway.call('/api/v1/admin/dead-letters', { as: 'admin' });
    expect(listed.status).to.equal(200);
    const { items } = await listed.json() as { items: { queue: string; source_queue: string; depth: number; oldest_age_seconds: number | null }[] };
    expect(items.map((item) => item.queue)).to.deep.equal(TOPOLOGY.queues.map((queue) => `${queue.name}-dlq`));
    const processing = items.find((item) => item.queue === DLQ)!;
    expect(processing.source_queue).to.equal('processing-episode-events');
    expect(processing.depth).to.be.at.least(1);
    expect(processing.oldest_age_seconds).to.be.a('number');
    expect((await gateway.call('/api/v1/admin/dead-letters', { as: 'editor' })).status).to.equal(403);
  });

  it('When an admin peeks at a DLQ, then its messages come with type and reason and stay in the queue', async () => {
    const { messageId, eventId } = await deadLetter();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const peeked = await gateway.call(`/api/v1/admin/dead-letters/${DLQ}?limit=100`, { as: 'admin' });
      expect(peeked.status).to.equal(200);
      const { items } = await peeked.json() as { items: { message_id: string; event_id: string; type: string; reason: string; receive_count: number }[] };
      expect(items.find((item) => item.message_id === messageId)).to.include({ event_id: eventId, type: 'episode.deleted', reason: 'schema: /data must have required property episode' });
    }
  });

  it('When chosen messages are redriven, then they move to the source queue and the redrive is in the audit trail', async () => {
    const { messageId } = await deadLetter();
    const answer = await gateway.call(`/api/v1/admin/dead-letters/${DLQ}/redrive`, { as: 'admin', ...json({ ids: [messageId] }) });
    expect(answer.status).to.equal(200);
    expect(await answer.json()).to.deep.equal({ queue: DLQ, method: 'receive-send-delete', moved: 1, not_found: [] });
    const recorded = await access.next((event) => event.type === 'access.recorded' && (event.data as { path: string }).path === `/api/v1/admin/dead-letters/${DLQ}/redrive`);
    expect(recorded.data).to.include({ action: 'process', resource_type: 'dead_letter', method: 'POST', status: 200, outcome: 'success' });
    expect(recorded.actor.roles).to.include('admin');
  });

  it('When a queue is unknown or a message id malformed, then 404 or 400 problems with field paths', async () => {
    const unknown = await gateway.call('/api/v1/admin/dead-letters/no-such-dlq', { as: 'admin' });
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('content-type')).to.contain('application/problem+json');
    const badName = await gateway.call('/api/v1/admin/dead-letters/bad%20name', { as: 'admin' });
    expect(badName.status).to.equal(400);
    const badIds = await gateway.call(`/api/v1/admin/dead-letters/${DLQ}/redrive`, { as: 'admin', ...json({ ids: ['not-an-id'] }) });
    expect(badIds.status).to.equal(400);
    expect((await badIds.json() as { errors: { path: string }[] }).errors.map((error) => error.path)).to.deep.equal(['/ids/0']);
  });

  it('When a replay is requested, then the gateway checks it and sends it to the service it names, whose answer passes through', async () => {
    const body = { service: 'processing', queue: 'audit-events', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
    const answer = await gateway.call('/api/v1/admin/replays', { as: 'admin', ...json(body) });
    expect(answer.status).to.equal(201); // the echo stand-in's answer to a POST, passed through
    const echoed = await answer.json() as { method: string; url: string; body: string; headers: Record<string, string> };
    expect(echoed).to.include({ method: 'POST', url: '/api/v1/admin/replays' });
    expect(JSON.parse(echoed.body)).to.deep.equal(body);
    expect(gateway.echo.catalog!.seen.some((seen) => seen.url === '/api/v1/admin/replays')).to.equal(false);

    const unknownService = await gateway.call('/api/v1/admin/replays', { as: 'admin', ...json({ ...body, service: 'billing' }) });
    expect(unknownService.status).to.equal(400);
    const extra = await gateway.call('/api/v1/admin/replays', { as: 'admin', ...json({ ...body, topic: 'catalog-events' }) });
    expect(extra.status).to.equal(400);
    expect((await gateway.call('/api/v1/admin/replays', { as: 'editor', ...json(body) })).status).to.equal(403);
  });

  it('When a request carries a traceparent and tracing is off, then the services see it unchanged and nothing fails', async () => {
    const traceparent = `00-${randomUUID().replace(/-/g, '')}-00f067aa0ba902b7-01`;
    const answer = await gateway.call('/api/v1/episodes', { as: 'viewer', headers: { traceparent } });
    expect(answer.status).to.equal(200);
    expect(((await answer.json()) as { headers: Record<string, string> }).headers['traceparent']).to.equal(traceparent);
  });
});
