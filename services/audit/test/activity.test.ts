import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@episodic/core';
import { EVENT_TYPES } from '@episodic/contracts';
import { ACTIVITY_MAPPINGS } from '../src/domain/activity.ts';
import { startAudit, catalogEvent, episode, type AuditUnderTest } from './audit-under-test.ts';

describe('audit: recording events', () => {
  let audit: AuditUnderTest;
  before(async () => { audit = await startAudit(); });
  after(() => audit.stop());

  const rowsFor = async (query: string) => (await audit.get(`/api/v1/audit/activity?${query}`)).body.items as any[];

  it('When an episode is updated, then one row carries before/after, the actor and the correlation id', async () => {
    const correlationId = randomUUID();
    await audit.publish(catalogEvent('episode.updated', { before: episode(1), after: episode(1, { rating: 9.2 }), changed: ['rating'] }, correlationId));
    const [row] = await waitFor(async () => {
      const rows = await rowsFor(`correlation_id=${correlationId}`);
      return rows.length > 0 ? rows : undefined;
    }, { what: 'the activity row' });
    expect(row).to.include({ action_type: 'edit', resource_type: 'episode', resource_id: 1, user_id: 'editor-1', ip_address: '203.0.113.9', user_agent: 'curl/8', outcome: 'success', correlation_id: correlationId });
    expect(row.old_values.rating).to.equal(8.1);
    expect(row.new_values.rating).to.equal(9.2);
  });

  it('When the same event is delivered twice, then it is recorded once', async () => {
    const event = catalogEvent('episode.created', { episode: episode(2) });
    await audit.publish(event);
    await audit.publish(event);
    const marker = catalogEvent('episode.created', { episode: episode(3) });
    await audit.publish(marker);
    await waitFor(async () => (await rowsFor(`correlation_id=${marker.correlationid}`)).length === 1, { what: 'the marker row' });
    expect(await rowsFor(`correlation_id=${event.correlationid}`)).to.have.length(1);
  });

  it('When a poison message arrives, then it lands in the DLQ and the consumer keeps going', async () => {
    await audit.publishRaw('{"not": "an event"', 'episode.created');
    const broken = { ...catalogEvent('episode.created', { episode: { id: 'x' } }) };
    await audit.publish(broken);
    const after = catalogEvent('episode.deleted', { episode: episode(4) });
    await audit.publish(after);
    await waitFor(async () => (await rowsFor(`correlation_id=${after.correlationid}`)).length === 1, { what: 'the row after the poison' });
    const bodies: string[] = [];
    await waitFor(async () => {
      const { Messages } = await audit.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: audit.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
      bodies.push(...(Messages ?? []).map((m) => m.Body ?? ''));
      return bodies.length >= 2;
    }, { what: 'two poison messages in the DLQ' });
    expect(bodies).to.include('{"not": "an event"');
    expect(bodies.some((body) => body.includes(broken.id))).to.equal(true);
    expect(await rowsFor(`correlation_id=${broken.correlationid}`)).to.have.length(0);
  });

  it('When reads are recorded, then filters by user, resource, action and time select them', async () => {
    const access = { ...catalogEvent('access.recorded', { action: 'view', resource_type: 'episode', resource_id: 77, method: 'GET', path: '/api/v1/episodes/77', status: 200, outcome: 'success' }), actor: { user_id: 'viewer-9', roles: ['viewer'], ip: null, user_agent: null } };
    await audit.publish(access);
    await waitFor(async () => (await rowsFor('user_id=viewer-9')).length === 1, { what: 'the access row' });
    expect((await rowsFor('resource_type=episode&resource_id=77'))[0]).to.include({ action_type: 'view', user_id: 'viewer-9' });
    expect(await rowsFor('resource_id=77&action_type=edit')).to.have.length(0);
    expect(await rowsFor('user_id=viewer-9&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z')).to.have.length(0);
  });

  it('When pages are walked, then every row appears once, newest first', async () => {
    const all = await rowsFor('limit=100');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await audit.get(`/api/v1/audit/activity?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((item: any) => item.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).to.deep.equal(all.map((row) => row.id));
    expect((await audit.get('/api/v1/audit/activity?limit=101')).status).to.equal(400);
  });

  it('When CSV is asked for, then a header and every matching row come back, whatever the limit', async () => {
    const all = await rowsFor('limit=100');
    const { status, body, response } = await audit.get('/api/v1/audit/activity?format=csv&limit=1');
    expect(status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/csv');
    const lines = (body as string).trim().split('\r\n');
    expect(lines[0]).to.match(/^id,occurred_at,user_id,action_type/);
    expect(lines).to.have.length(all.length + 1);
  });

  it('When a non-admin or anonymous caller asks, then 403 or 401', async () => {
    expect((await audit.get('/api/v1/audit/activity', 'editor')).status).to.equal(403);
    expect((await audit.get('/api/v1/audit/activity', null)).status).to.equal(401);
  });

  it('When the chain is intact, then verify says so; after tampering, it names the broken row', async () => {
    const intact = (await audit.get('/api/v1/audit/verify')).body;
    expect(intact.valid).to.equal(true);
    expect(intact.rows).to.be.greaterThan(3);
    const update = audit.owner.query("UPDATE activity_logs SET user_id = 'mallory' WHERE id = 2");
    const error = await update.catch((e: Error) => e);
    expect(String(error)).to.contain('append-only');
    await audit.owner.query("ALTER TABLE activity_logs DISABLE TRIGGER activity_logs_append_only; UPDATE activity_logs SET user_id = 'mallory' WHERE id = 2; ALTER TABLE activity_logs ENABLE TRIGGER activity_logs_append_only;");
    const broken = (await audit.get('/api/v1/audit/verify')).body;
    expect(broken).to.include({ valid: false, first_broken_id: 2, reason: 'hash does not match the row' });
  });
});

describe('audit: event mappings', () => {
  it('When a new event type is added to contracts, then it must have an activity mapping', () => {
    for (const type of EVENT_TYPES) expect(ACTIVITY_MAPPINGS[type], type).to.be.a('function');
  });
});
