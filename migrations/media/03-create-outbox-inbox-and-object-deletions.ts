import { DataTypes } from 'sequelize';
import { createInboxTable, createOutboxTable, type MigrationFn } from '@episodic/db';

/**
 * The outbox (thumbnail events), the inbox (episode events applied) and object_deletions: S3
 * keys to delete, written in the same transaction as the change that orphans them (a deleted
 * row), or before an upload's objects are put and removed again when its row commits. A
 * sweeper deletes what is due, so neither a failed commit nor a crash leaves objects behind.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await createOutboxTable(queryInterface);
  await createInboxTable(queryInterface);
  await queryInterface.createTable('object_deletions', {
    s3_key: { type: DataTypes.STRING(512), primaryKey: true },
    s3_bucket: { type: DataTypes.STRING(255), allowNull: false },
    due_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.TEXT, allowNull: true },
  });
  await queryInterface.addIndex('object_deletions', ['due_at'], { name: 'object_deletions_due' });
};

/** Drops the three tables. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('object_deletions');
  await queryInterface.dropTable('inbox');
  await queryInterface.dropTable('outbox');
};
