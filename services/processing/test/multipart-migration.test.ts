import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createLogger } from '@episodic/core';
import { createMigrator, createSequelize } from '@episodic/db';
import { testEnvironment } from '@episodic/testing';

const FOLDER = fileURLToPath(new URL('../../../migrations/processing', import.meta.url));
const logger = createLogger({ name: 'processing-migrations-test', level: 'silent' });
const MIGRATION = '05-multipart-video-uploads.ts';

describe('processing/migrations: 05 multipart video uploads, up and down', () => {
  let sequelize: Sequelize;
  let migrator: ReturnType<typeof createMigrator>;

  before(async () => {
    const env = await testEnvironment();
    sequelize = createSequelize({ url: await env.newDatabase('processing_migrations'), logger, poolMax: 2 });
    migrator = createMigrator(sequelize, FOLDER);
  });
  after(() => sequelize.close());

  const columns = async () => (await sequelize.query<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'video_uploads' ORDER BY 1", { type: QueryTypes.SELECT },
  )).map((row) => row.name);
  const insert = (extra: string, values: string) => sequelize.query(
    `INSERT INTO video_uploads (episode_id, s3_bucket, s3_key, content_type, size_bytes, expires_at, requested_by, correlation_id${extra})
     VALUES (1, 'b', 'k-' || gen_random_uuid(), 'video/mp4', 10, now(), '{}', 'c'${values})`,
  );

  it('When migrated up, then a multipart row needs its upload id, part size and count, and aborted is a status', async () => {
    await migrator.up();
    expect(await columns()).to.include.members(['upload_type', 's3_upload_id', 'part_size_bytes', 'part_count', 'ended_at']);

    await insert(', upload_type, s3_upload_id, part_size_bytes, part_count, status', ", 'multipart', 'u-1', 8388608, 2, 'aborted'");
    await insert('', '');
    const refused = await insert(', upload_type', ", 'multipart'").catch((error: unknown) => error);
    expect((refused as { parent?: { constraint?: string } }).parent?.constraint).to.equal('video_uploads_type_check');
  });

  it('When migrated down past 05, then the columns go and single uploads stay; up again works', async () => {
    await migrator.down({ to: MIGRATION });

    expect(await columns()).to.not.include.members(['upload_type', 's3_upload_id']);
    const [{ count }] = await sequelize.query<{ count: string }>('SELECT count(*) AS count FROM video_uploads', { type: QueryTypes.SELECT }) as [{ count: string }];
    expect(Number(count)).to.equal(1);
    expect((await migrator.up()).map((migration) => migration.name)).to.include(MIGRATION);
  });
});
