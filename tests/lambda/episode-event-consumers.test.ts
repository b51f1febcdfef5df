import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { createAwsClients, type AwsClients } from '@episodic/messaging';
import { MEDIA_BUCKET, TOPICS } from '@episodic/infra';
import { episodeCreatedEvent, sqsEventVia, testEnvironment } from '@episodic/testing';
import { createHandler as mediaHandler } from '../../services/media/src/lambda.ts';
import { createHandler as processingHandler } from '../../services/processing/src/lambda.ts';

const logger = createLogger({ name: 'lambda-test', level: 'silent' });

// media and processing follow catalog's episodes the same way (the known_episodes projection);
// each runs that consumer as an AWS Lambda from its own entry point.
for (const [service, createHandler] of [['media', mediaHandler], ['processing', processingHandler]] as const) {
  describe(`${service}/lambda: its episode-events consumer as an AWS Lambda`, () => {
    let aws: AwsClients;
    let env: Record<string, string>;

    before(async () => {
      const test = await testEnvironment();
      const databaseUrl = await test.newDatabase(`${service}_lambda`);
      const sequelize = createSequelize({ url: databaseUrl, logger, poolMax: 2 });
      await migrateUp(sequelize, fileURLToPath(new URL(`../../migrations/${service}`, import.meta.url)));
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
      expect(await createHandler(env)(event)).to.deep.equal({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
      const sequelize = createSequelize({ url: env['DATABASE_URL']!, logger, poolMax: 1 });
      try {
        const known = await sequelize.query<{ episode_id: number }>('SELECT episode_id FROM known_episodes ORDER BY episode_id', { type: QueryTypes.SELECT });
        expect(known.map((row) => row.episode_id)).to.deep.equal([71, 72]);
      } finally {
        await sequelize.close();
      }
    });
  });
}
