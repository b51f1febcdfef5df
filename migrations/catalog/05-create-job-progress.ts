import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/**
 * How far catalog has heard each processing job get, so events that SNS → SQS delivers out of
 * order never move a job backwards (a late processing.started after its processing.completed).
 * `stage` orders the job's statuses: 1 pending, 2 processing, 3 completed | failed | cancelled.
 * Rows go with their episode's row; a soft-deleted episode keeps them.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('job_progress', {
    job_id: { type: DataTypes.INTEGER, primaryKey: true },
    episode_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'episodes', key: 'id' },
      onDelete: 'CASCADE',
    },
    status: { type: DataTypes.STRING(20), allowNull: false },
    stage: { type: DataTypes.SMALLINT, allowNull: false },
    finished_at: { type: DataTypes.DATE, allowNull: true },
    updated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
  });
  await sequelize.query(`
    ALTER TABLE job_progress
      ADD CONSTRAINT job_progress_status_check CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
      ADD CONSTRAINT job_progress_stage_check CHECK (stage BETWEEN 1 AND 3)`);
  await queryInterface.addIndex('job_progress', ['episode_id'], { name: 'idx_job_progress_episode_id' });
};

/** Drops the table with its index and constraints. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('job_progress');
};
