import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp, Outbox } from '@episodic/db';
import { applyTopology, createAwsClients, createEvent, type AwsClients } from '@episodic/messaging';
import { TOPICS } from '@episodic/infra';
import { EventTap, sqsEventVia, testEnvironment } from '@episodic/testing';
import { createCatalog } from '../src/domain/catalog.ts';
import { createHandler } from '../src/lambda.ts';
import { newEpisode } from './catalog-under-test.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/catalog', import.meta.url));
const logger = createLogger({ name: 'catalog-lambda-test', level: 'silent' });
const actor = { user_id: 'editor-1', roles: ['editor'], ip: null, user_agent: null };

describe('catalog/lambda: its processing-events consumer as an AWS Lambda', () => {
  let aws: AwsClients;
  let databaseUrl: string;
  let events: EventTap;
  let env: Record<string, string>;

  before(async () => {
    const test = await testEnvironment();
    databaseUrl = await test.newDatabase('catalog_lambda');
    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 2 });
    await migrateUp(sequelize, MIGRATIONS);
    await sequelize.close();
    aws = createAwsClients({ region: test.emulator.region, endpoint: test.emulator.endpoint, credentials: test.emulator.credentials });
    const { topicArns } = await applyTopology({ topics: [TOPICS.catalog, TOPICS.processing], queues: [], buckets: [] }, aws);
    events = await EventTap.subscribe(aws, topicArns[TOPICS.catalog]!);
    env = {
      DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', AWS_ENDPOINT: test.emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
      SNS_TOPIC_ARN_PREFIX: topicArns[TOPICS.catalog]!.slice(0, -TOPICS.catalog.length),
    };
  });

  /** An episode written the way catalog's API writes it (its episode.created waits in the outbox). */
  async function anEpisode(): Promise<number> {
    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 2 });
    try {
      const outbox = new Outbox({ sequelize, logger, publish: async () => undefined });
      const catalog = createCatalog({ sequelize, outbox, topic: TOPICS.catalog });
      const episode = await catalog.createEpisode(newEpisode({ episode_number: 41 }) as Parameters<typeof catalog.createEpisode>[0], { actor, correlationId: randomUUID() });
      return (episode as { id: number }).id;
    } finally {
      await sequelize.close();
    }
  }

  it('When processing.started arrives beside a poison record, then only the poison fails, the episode follows and the outbox is published after the batch', async () => {
    const id = await anEpisode();
    const started = createEvent({
      source: 'episodic/processing', type: 'processing.started', subject: `episodes/${id}`, actor, correlationId: randomUUID(),
      data: { job: { id: 1, episode_id: id, job_type: 'metadata_extraction', status: 'processing', sqs_message_id: null, job_config: {}, error_message: null, retry_count: 0, max_retries: 3, created_at: '2026-01-06T11:00:00.000Z', started_at: '2026-01-06T11:00:01.000Z', completed_at: null } },
    });
    const event = await sqsEventVia(aws, TOPICS.processing, [
      { body: '{"type": "processing.started"}', type: 'processing.started' },
      { body: JSON.stringify(started), type: 'processing.started' },
    ]);

    expect(await createHandler(env)(event)).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }] });

    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 1 });
    try {
      const [episode] = await sequelize.query<{ processing_status: string }>('SELECT processing_status FROM episodes WHERE id = :id', { replacements: { id }, type: QueryTypes.SELECT });
      expect(episode?.processing_status).to.equal('processing');
      const pending = await sequelize.query('SELECT event_type FROM outbox WHERE published_at IS NULL', { type: QueryTypes.SELECT });
      expect(pending, 'nothing left for the service relay').to.deep.equal([]);
    } finally {
      await sequelize.close();
    }
    await events.eventOf('episode.created', `episodes/${id}`);
  });
});
