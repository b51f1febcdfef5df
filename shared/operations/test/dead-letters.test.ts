import { expect } from 'chai';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { QueryTypes, type Sequelize } from 'sequelize';
import { AppError, waitFor } from '@episodic/core';
import { applyOnce, createInboxTable, createSequelize } from '@episodic/db';
import { SqsConsumer, type CloudEvent } from '@episodic/messaging';
import { testEnvironment } from '@episodic/testing';
import { DeadLetters, QueueDirectory } from '../src/index.ts';
import { accessEvent, logger, sendTo, testQueues, type TestQueues } from './fixtures.ts';

async function depthOf(queues: TestQueues, url: string): Promise<number> {
  const { Attributes = {} } = await queues.aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes['ApproximateNumberOfMessages']) + Number(Attributes['ApproximateNumberOfMessagesNotVisible']);
}

describe('operations/dead letters (emulator, real SQS client)', () => {
  let queues: TestQueues;
  let deadLetters: DeadLetters;
  let dlq: string;

  beforeEach(async () => {
    queues = await testQueues();
    deadLetters = new DeadLetters(new QueueDirectory(queues.aws.sqs, [queues.spec]), logger);
    dlq = `${queues.spec.name}-dlq`;
  });

  it('When DLQs are listed, then each shows its source queue, depth and the age of its oldest message', async () => {
    const [empty] = await deadLetters.list();
    expect(empty).to.deep.equal({ queue: dlq, source_queue: queues.spec.name, depth: 0, in_flight: 0, oldest_age_seconds: null });
    await sendTo(queues.aws, queues.dlqUrl, JSON.stringify(accessEvent()));
    await sendTo(queues.aws, queues.dlqUrl, 'not json', { poison_reason: 'invalid JSON' });
    const [listed] = await deadLetters.list();
    expect(listed).to.include({ queue: dlq, depth: 2, in_flight: 0 });
    expect(listed!.oldest_age_seconds).to.be.a('number').within(0, 60);
  });

  it('When a DLQ is peeked twice, then both peeks show the same messages with type, reason and receive count, and none is consumed', async () => {
    const event = accessEvent();
    const eventMessage = await sendTo(queues.aws, queues.dlqUrl, JSON.stringify(event), { type: event.type });
    const poison = await sendTo(queues.aws, queues.dlqUrl, '{"half":', { poison_reason: 'Unexpected end of JSON input' });
    const first = await deadLetters.peek(dlq, 10);
    const second = await deadLetters.peek(dlq, 10);
    expect(first.map((letter) => letter.message_id).sort()).to.deep.equal([eventMessage, poison].sort());
    expect(second.map((letter) => letter.message_id).sort()).to.deep.equal([eventMessage, poison].sort());
    const described = first.find((letter) => letter.message_id === eventMessage)!;
    expect(described).to.include({ event_id: event.id, type: 'access.recorded', reason: null, receive_count: 1 });
    expect(second.find((letter) => letter.message_id === poison)).to.include({ event_id: null, reason: 'Unexpected end of JSON input', receive_count: 2 });
    expect(await depthOf(queues, queues.dlqUrl)).to.equal(2);
    const [listed] = await deadLetters.list();
    expect(listed).to.include({ depth: 2, in_flight: 0 });
  });

  it('When a DLQ name is not one of the topology, then peek and redrive are 404s', async () => {
    for (const attempt of [() => deadLetters.peek('audit-events-dlq'), () => deadLetters.redrive(queues.spec.name)]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(AppError).and.include({ status: 404 });
    }
  });

  it('When chosen ids are redriven, then only those move to the source queue and unknown ids are reported', async () => {
    const ids = [];
    for (let n = 0; n < 12; n += 1) ids.push(await sendTo(queues.aws, queues.dlqUrl, JSON.stringify(accessEvent(`/api/v1/episodes/${n + 1}`))));
    const chosen = [ids[0]!, ids[11]!];
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await deadLetters.redrive(dlq, { ids: [...chosen, missing] });
    expect(result).to.deep.equal({ method: 'receive-send-delete', moved: 2, not_found: [missing] });
    expect(await depthOf(queues, queues.url)).to.equal(2);
    expect(await depthOf(queues, queues.dlqUrl)).to.equal(10);
    expect((await deadLetters.peek(dlq, 100)).map((letter) => letter.message_id)).to.have.members(ids.slice(1, 11));
  });

  describe('redrive with the inbox', () => {
    let sequelize: Sequelize;

    before(async () => {
      const env = await testEnvironment();
      sequelize = createSequelize({ url: await env.newDatabase('operations_inbox'), logger, poolMax: 2 });
      await createInboxTable(sequelize.getQueryInterface());
      await sequelize.query('CREATE TABLE effects (event_id text NOT NULL)');
    });
    after(() => sequelize.close());

    const effects = async (id: string) =>
      (await sequelize.query<{ count: string }>('SELECT count(*) AS count FROM effects WHERE event_id = :id', { replacements: { id }, type: QueryTypes.SELECT }))[0]!.count;

    it('When the DLQ is redriven while the consumer is down, then the messages wait in the source queue; once it runs, each event is applied once', async () => {
      const applied = accessEvent('/api/v1/episodes/7');
      const fresh = accessEvent('/api/v1/episodes/8');
      const handler = (event: CloudEvent) =>
        applyOnce(sequelize, event, (transaction) => sequelize.query('INSERT INTO effects VALUES (:id)', { replacements: { id: event.id }, transaction })).then(() => 'success' as const);
      await handler(applied);
      // A duplicate of an applied event and a never-applied one both ended in the DLQ.
      await sendTo(queues.aws, queues.dlqUrl, JSON.stringify(applied), { type: applied.type, poison_reason: 'the handler gave up on it' });
      await sendTo(queues.aws, queues.dlqUrl, JSON.stringify(fresh), { type: fresh.type });

      const result = await deadLetters.redrive(dlq);
      expect(result).to.include({ method: 'receive-send-delete', moved: 2 });
      expect(await depthOf(queues, queues.url)).to.equal(2);
      expect(await depthOf(queues, queues.dlqUrl)).to.equal(0);

      const consumer = new SqsConsumer({ sqs: queues.aws.sqs, queueUrl: queues.url, handler, logger, waitTimeSeconds: 1 });
      consumer.start();
      try {
        await waitFor(async () => (await depthOf(queues, queues.url)) === 0 && (await effects(fresh.id)) === '1', { timeoutMs: 10_000 });
      } finally {
        await consumer.stop();
      }
      expect(await effects(applied.id)).to.equal('1');
      expect(await effects(fresh.id)).to.equal('1');
      expect(await depthOf(queues, queues.dlqUrl)).to.equal(0);
    });
  });
});
