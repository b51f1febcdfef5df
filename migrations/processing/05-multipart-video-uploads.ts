import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/**
 * Multipart video uploads: the S3 upload id, the part size and count the client was given, and
 * `aborted` (by the client) beside `expired` (by the sweeper, which also aborts the S3 upload).
 * A single-PUT upload keeps upload_type 'single' and no upload id.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.addColumn('video_uploads', 'upload_type', { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'single' });
  await queryInterface.addColumn('video_uploads', 's3_upload_id', { type: DataTypes.STRING(1024), allowNull: true });
  await queryInterface.addColumn('video_uploads', 'part_size_bytes', { type: DataTypes.BIGINT, allowNull: true });
  await queryInterface.addColumn('video_uploads', 'part_count', { type: DataTypes.INTEGER, allowNull: true });
  await queryInterface.addColumn('video_uploads', 'ended_at', { type: DataTypes.DATE, allowNull: true });
  await sequelize.query('ALTER TABLE video_uploads DROP CONSTRAINT video_uploads_status_check');
  await sequelize.query("ALTER TABLE video_uploads ADD CONSTRAINT video_uploads_status_check CHECK (status IN ('awaiting', 'arrived', 'expired', 'aborted'))");
  await sequelize.query("ALTER TABLE video_uploads ADD CONSTRAINT video_uploads_type_check CHECK (upload_type IN ('single', 'multipart') AND (upload_type = 'single' OR (s3_upload_id IS NOT NULL AND part_size_bytes > 0 AND part_count > 0)))");
};

/** Drops the multipart columns; multipart rows go with them (their S3 uploads are aborted by the bucket's lifecycle rule). */
export const down: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await sequelize.query("DELETE FROM video_uploads WHERE upload_type = 'multipart' OR status = 'aborted'");
  await sequelize.query('ALTER TABLE video_uploads DROP CONSTRAINT video_uploads_type_check');
  await sequelize.query('ALTER TABLE video_uploads DROP CONSTRAINT video_uploads_status_check');
  await sequelize.query("ALTER TABLE video_uploads ADD CONSTRAINT video_uploads_status_check CHECK (status IN ('awaiting', 'arrived', 'expired'))");
  for (const column of ['ended_at', 'part_count', 'part_size_bytes', 's3_upload_id', 'upload_type']) await queryInterface.removeColumn('video_uploads', column);
};
