import { expect } from 'chai';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { QueryTypes } from 'sequelize';
import { createLogger, waitFor } from '@episodic/core';
import type { BatchItem, CloudEvent } from '@episodic/messaging';
import { recordActivities } from '../src/consumers/record-activity.ts';
import { activityOf } from '../src/domain/activity.ts';
import { accessEvent, catalogEvent, episode, startAudit, type AuditUnderTest } from './audit-under-test.ts';

const logger = createLogger({ name: 'batches-test', level: 'silent' });

describe('audit: batches of access records', () => {
  let audit: AuditUnderTest;
  before(async () => { audit = await startAudit(); });
  after(() => audit.stop());

  const rowsOf = (events: CloudEvent[]) => audit.sequelize.query<{ id: string; event_id: string; recorded_at: Date }>(
    'SELECT id, event_id, recorded_at FROM activity_logs WHERE event_id IN (:ids) ORDER BY id',
    { replacements: { ids: events.map((event) => event.id) }, type: QueryTypes.SELECT },
  );
  const queued = async (queueUrl: string) => {
    const { Attributes } = await audit.aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
  };
  const verdict = async () => (await audit.get('/api/v1/audit/verify')).body;

  /** Puts up to 10 bodies on a queue in one call (as SNS delivers them, raw), so one receive takes them all. */
  const sendBatch = (queueUrl: string, bodies: string[]) =>
    audit.aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })) }));
  const sendEvents = (queueUrl: string, events: CloudEvent[]) =>
    Promise.all(Array.from({ length: Math.ceil(events.length / 10) }, (_, n) => sendBatch(queueUrl, events.slice(n * 10, n * 10 + 10).map((event) => JSON.stringify(event)))));

  it('When a batch of 10 is received, then it lands as 10 rows in its order, in one transaction, on one valid chain', async () => {
    const events = Array.from({ length: 10 }, (_, n) => accessEvent(n + 1));
    await sendEvents(audit.accessQueueUrl, events);
    const rows = await waitFor(async () => ((await rowsOf(events)).length === 10 ? rowsOf(events) : undefined), { what: '10 rows' });
    expect(rows.map((row) => row.event_id)).to.deep.equal(events.map((event) => event.id));
    expect(new Set(rows.map((row) => row.recorded_at.toISOString())).size, 'one transaction: one recorded_at').to.equal(1);
    expect(await verdict()).to.include({ valid: true });
    await waitFor(async () => (await queued(audit.accessQueueUrl)) === 0, { what: 'the batch deleted from the queue' });
  });

  it('When a recorded batch is delivered again, then nothing is added and the queue drains', async () => {
    const events = Array.from({ length: 10 }, (_, n) => accessEvent(100 + n));
    for (const event of events) await audit.publish(event);
    await waitFor(async () => (await rowsOf(events)).length === 10, { what: 'the first delivery' });
    const before = (await verdict()).rows;
    await sendEvents(audit.accessQueueUrl, events);
    await waitFor(async () => (await queued(audit.accessQueueUrl)) === 0, { what: 'the redelivery consumed' });
    expect(await rowsOf(events)).to.have.length(10);
    expect((await verdict()).rows).to.equal(before);
    const again = await audit.activity.recordBatch(events.map((event) => ({ event, entry: activityOf(event) })));
    expect(again).to.deep.equal(events.map(() => 'duplicate'));
  });

  it('When both queues are busy at once, then their batches interleave into one valid chain', async () => {
    const reads = Array.from({ length: 120 }, (_, n) => accessEvent(1000 + n));
    const writes = Array.from({ length: 30 }, (_, n) => catalogEvent('episode.created', { episode: episode(2000 + n) }));
    await Promise.all([sendEvents(audit.accessQueueUrl, reads), sendEvents(audit.queueUrl, writes)]);
    await waitFor(async () => (await rowsOf([...reads, ...writes])).length === 150, { timeoutMs: 20_000, what: '150 rows' });
    const ids = (await rowsOf(writes)).map((row) => Number(row.id));
    const readIds = (await rowsOf(reads)).map((row) => Number(row.id));
    expect(Math.min(...ids), 'writes were not held back until every read was in').to.be.lessThan(Math.max(...readIds));
    expect(await verdict()).to.include({ valid: true });
  });

  it('When a write arrives behind a flood of reads, then its row lands before the reads are drained (its own queue)', async () => {
    const reads = Array.from({ length: 2000 }, (_, n) => accessEvent(10_000 + n));
    await sendEvents(audit.accessQueueUrl, reads);
    const write = catalogEvent('episode.created', { episode: episode(5000) });
    await audit.publish(write);
    const [row] = await waitFor(async () => ((await rowsOf([write])).length === 1 ? rowsOf([write]) : undefined), { timeoutMs: 10_000, what: "the write's row" });
    const readsRecorded = (await rowsOf(reads)).length;
    expect(readsRecorded, 'reads still waiting when the write was in').to.be.lessThan(reads.length);
    await waitFor(async () => (await rowsOf(reads)).length === reads.length, { timeoutMs: 60_000, what: 'the reads drained' });
    expect(Number(row!.id)).to.be.lessThan(Number((await rowsOf(reads)).at(-1)!.id));
    expect(await verdict()).to.include({ valid: true });
  });

  it('When a batch holds a poison message, then it alone goes to the DLQ and the other 9 land', async () => {
    const events = Array.from({ length: 9 }, (_, n) => accessEvent(3000 + n));
    const bodies = events.map((event) => JSON.stringify(event));
    await sendBatch(audit.accessQueueUrl, [...bodies.slice(0, 4), '{"type": "access.recorded", "poison": true}', ...bodies.slice(4)]);
    await waitFor(async () => (await rowsOf(events)).length === 9, { what: 'the 9 good rows' });
    const { Messages = [] } = await waitFor(async () => {
      const received = await audit.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: audit.accessDlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
      return received.Messages?.length ? received : undefined;
    }, { what: 'the poison in the DLQ' });
    expect(Messages.map((message) => message.Body)).to.deep.equal(['{"type": "access.recorded", "poison": true}']);
    await waitFor(async () => (await queued(audit.accessQueueUrl)) === 0, { what: 'the queue drained' });
    expect(await verdict()).to.include({ valid: true });
  });

  it('When the database refuses one row of a batch, then the batch is recorded one by one and only that row is retried', async () => {
    const events = Array.from({ length: 10 }, (_, n) => accessEvent(4000 + n));
    // A valid event whose row the database refuses: ip_address holds at most 45 characters.
    events[6] = { ...events[6]!, actor: { ...events[6]!.actor, ip: 'x'.repeat(60) } };
    const items: BatchItem[] = events.map((event) => ({ event, context: { receiveCount: 1, messageId: event.id, receiptHandle: '', signal: new AbortController().signal, extendVisibility: async () => undefined } }));
    const outcomes = await recordActivities(audit.activity, logger)(items);
    expect(outcomes).to.deep.equal(events.map((_, n) => (n === 6 ? 'retryLater' : 'success')));
    expect((await rowsOf(events)).map((row) => row.event_id)).to.deep.equal(events.filter((_, n) => n !== 6).map((event) => event.id));
    expect(await verdict()).to.include({ valid: true });
  });
});
