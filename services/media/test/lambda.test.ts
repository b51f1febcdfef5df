import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { createAwsClients, type AwsClients } from '@episodic/messaging';
import { MEDIA_BUCKET, TOPICS } from '@episodic/infra';
import { episodeCreatedEvent, sqsEventVia, testEnvironment } from '@episodic/testing';
import { createHandler } from '../src/lambda.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/media', import.meta.url));
const logger = createLogger({ name: 'media-lambda-test', level: 'silent' });

describe('media/lambda: its episode-events consumer as an AWS Lambda', () => {
  let aws: AwsClients;
  let env: Record<string, string>;

  before(async () => {
    const test = await testEnvironment();
    const databaseUrl = await test.newDatabase('media_lambda');
    const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 2 });
    await migrateUp(sequelize, MIGRATIONS);
    await sequelize.close();
    aws = createAwsClients({ region: test.emulator.region, endpoint: test.emulator.endpoint, credentials: test.emulator.credentials });
    env = {
      DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', AWS_ENDPOINT: test.emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
      S3_BUCKET: MEDIA_BUCKET, CATALOG_URL: 'http://127.0.0.1:1',
    };
  });

  it('When a batch of real SQS records holds a poison one, then only the poison fails and the episodes become known', async () => {
    const created = [episodeCreatedEvent(71), episodeCreatedEvent(72)];
    const event = await sqsEventVia(aws, TOPICS.catalog, [
      { body: JSON.stringify(created[0]), type: 'episode.created' },
      { body: '{"type": "episode.created", "poison": true}', type: 'episode.created' },
      { body: JSON.stringify(created[1]), type: 'episode.created' },
    ]);
    const handler = createHandler(env);
    expect(await handler(event)).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
    const sequelize = createSequelize({ url: env['DATABASE_URL']!, logger, poolMax: 1 });
    try {
      const known = await sequelize.query<{ episode_id: number }>('SELECT episode_id FROM known_episodes ORDER BY episode_id', { type: QueryTypes.SELECT });
      expect(known.map((row) => row.episode_id)).to.deep.equal([71, 72]);
    } finally {
      await sequelize.close();
    }
  });
});
