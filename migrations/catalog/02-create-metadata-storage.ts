import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/**
 * The metadata_storage table of SEED-phase1 §1A.2 plus created_at/updated_at. Both tables are
 * catalog's, so the foreign key to episodes stays; an episode has at most one metadata row
 * (the API reads and writes it as a single resource under /episodes/:id/metadata).
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('metadata_storage', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    episode_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'episodes', key: 'id' },
      onDelete: 'CASCADE',
    },
    extracted_text: { type: DataTypes.TEXT, allowNull: true },
    scenes_detected: { type: DataTypes.JSON, allowNull: true },
    sentiment_analysis: { type: DataTypes.JSON, allowNull: true },
    visual_objects: { type: DataTypes.JSONB, allowNull: true },
    transcription: { type: DataTypes.TEXT, allowNull: true },
    tags: { type: DataTypes.JSON, allowNull: true },
    categories: { type: DataTypes.JSON, allowNull: true },
    extraction_timestamp: { type: DataTypes.DATE, allowNull: true },
    processing_duration_seconds: { type: DataTypes.INTEGER, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    updated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
  });
  await sequelize.query(
    'ALTER TABLE metadata_storage ADD CONSTRAINT metadata_storage_duration_check CHECK (processing_duration_seconds >= 0)',
  );
  // Unique, so also the seed's idx_episode_id lookup index.
  await queryInterface.addIndex('metadata_storage', ['episode_id'], { name: 'idx_episode_id', unique: true });
};

/** Drops the table with its index and foreign key. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('metadata_storage');
};
