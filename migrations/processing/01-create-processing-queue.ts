import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

const JOB_TYPES = ['thumbnail_generation', 'metadata_extraction'];
const STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'];

/**
 * The processing_queue table of SEED-phase1 §1A.4, with times as TIMESTAMPTZ, `cancelled` for a
 * job whose episode was deleted first, and a partial unique index that allows one active job
 * (pending or processing) per episode and job type, so a duplicate request is a 409 even when
 * two arrive at once.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('processing_queue', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    episode_id: { type: DataTypes.INTEGER, allowNull: false },
    job_type: { type: DataTypes.STRING(50), allowNull: false },
    status: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'pending' },
    sqs_message_id: { type: DataTypes.STRING(255), allowNull: true },
    sqs_receipt_handle: { type: DataTypes.STRING(1024), allowNull: true },
    job_config: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
    error_message: { type: DataTypes.TEXT, allowNull: true },
    retry_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    max_retries: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 },
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    started_at: { type: DataTypes.DATE, allowNull: true },
    completed_at: { type: DataTypes.DATE, allowNull: true },
  });
  const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
  await sequelize.query(`
    ALTER TABLE processing_queue
      ADD CONSTRAINT processing_queue_job_type_check CHECK (job_type IN (${list(JOB_TYPES)})),
      ADD CONSTRAINT processing_queue_status_check CHECK (status IN (${list(STATUSES)})),
      ADD CONSTRAINT processing_queue_retry_count_check CHECK (retry_count >= 0 AND max_retries >= 0)`);
  await queryInterface.addIndex('processing_queue', ['episode_id'], { name: 'idx_processing_episode_id' });
  await queryInterface.addIndex('processing_queue', ['status', 'id'], { name: 'idx_processing_status' });
  await sequelize.query(
    `CREATE UNIQUE INDEX processing_queue_one_active_job ON processing_queue (episode_id, job_type)
     WHERE status IN ('pending', 'processing')`,
  );
};

/** Drops the table with its indexes and constraints. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('processing_queue');
};
