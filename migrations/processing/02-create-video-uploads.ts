import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/**
 * Raw video uploads handed out as presigned PUT URLs: `awaiting` until the object is seen in S3
 * with the promised size (then `arrived`, and video.uploaded goes out), or `expired` when the
 * URL ran out first. The newest arrived upload of an episode is its video.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('video_uploads', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    episode_id: { type: DataTypes.INTEGER, allowNull: false },
    s3_bucket: { type: DataTypes.STRING(255), allowNull: false },
    s3_key: { type: DataTypes.STRING(512), allowNull: false, unique: true },
    content_type: { type: DataTypes.STRING(100), allowNull: false },
    size_bytes: { type: DataTypes.BIGINT, allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'awaiting' },
    expires_at: { type: DataTypes.DATE, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    arrived_at: { type: DataTypes.DATE, allowNull: true },
    // Who asked for the URL and under which request: video.uploaded is attributed to them.
    requested_by: { type: DataTypes.JSONB, allowNull: false },
    correlation_id: { type: DataTypes.STRING(128), allowNull: false },
  });
  await sequelize.query("ALTER TABLE video_uploads ADD CONSTRAINT video_uploads_status_check CHECK (status IN ('awaiting', 'arrived', 'expired'))");
  await queryInterface.addIndex('video_uploads', ['episode_id', 'status'], { name: 'idx_video_uploads_episode' });
  await sequelize.query("CREATE INDEX video_uploads_awaiting ON video_uploads (expires_at) WHERE status = 'awaiting'");
};

/** Drops the table. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('video_uploads');
};
