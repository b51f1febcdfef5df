import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/** The values a background job moves an episode through; NULL means nothing was ever processed. */
const PROCESSING_STATUSES = ['pending', 'processing', 'complete', 'failed'];

/**
 * The episodes table of SEED-phase1 §1A.1, with times as TIMESTAMPTZ and two design changes:
 * the show/season/episode triple is unique among live rows only (a soft-deleted episode frees
 * its triple), and CHECKs keep values the API would reject out of the table too.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('episodes', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    show_name: { type: DataTypes.STRING(255), allowNull: false },
    season_number: { type: DataTypes.INTEGER, allowNull: false },
    episode_number: { type: DataTypes.INTEGER, allowNull: false },
    episode_title: { type: DataTypes.STRING(255), allowNull: false },
    air_date: { type: DataTypes.DATEONLY, allowNull: true },
    plot_summary: { type: DataTypes.TEXT, allowNull: true },
    director: { type: DataTypes.STRING(255), allowNull: true },
    writer: { type: DataTypes.STRING(255), allowNull: true },
    duration_minutes: { type: DataTypes.INTEGER, allowNull: true },
    rating: { type: DataTypes.DECIMAL(3, 1), allowNull: true },
    genre: { type: DataTypes.STRING(100), allowNull: true },
    thumbnail_url: { type: DataTypes.STRING(512), allowNull: true },
    poster_url: { type: DataTypes.STRING(512), allowNull: true },
    video_url: { type: DataTypes.STRING(512), allowNull: true },
    raw_video_s3_key: { type: DataTypes.STRING(512), allowNull: true },
    processed_video_s3_key: { type: DataTypes.STRING(512), allowNull: true },
    metadata_json_s3_key: { type: DataTypes.STRING(512), allowNull: true },
    processing_status: { type: DataTypes.STRING(50), allowNull: true },
    upload_date: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    last_modified: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    deleted_at: { type: DataTypes.DATE, allowNull: true },
  });
  const statuses = PROCESSING_STATUSES.map((status) => `'${status}'`).join(', ');
  await sequelize.query(`
    ALTER TABLE episodes
      ADD CONSTRAINT episodes_processing_status_check CHECK (processing_status IN (${statuses})),
      ADD CONSTRAINT episodes_rating_check CHECK (rating >= 0 AND rating <= 10),
      ADD CONSTRAINT episodes_season_number_check CHECK (season_number >= 0),
      ADD CONSTRAINT episodes_episode_number_check CHECK (episode_number >= 0),
      ADD CONSTRAINT episodes_duration_minutes_check CHECK (duration_minutes >= 0)`);
  await queryInterface.addIndex('episodes', ['show_name', 'season_number', 'episode_number'], {
    name: 'episodes_live_show_season_episode_unique',
    unique: true,
    where: { deleted_at: null },
  });
  // Serves the 'show' sort and its keyset cursor (show, season, episode, id).
  await queryInterface.addIndex('episodes', ['show_name', 'season_number', 'episode_number', 'id'], {
    name: 'idx_show_season_episode',
  });
  await queryInterface.addIndex('episodes', ['air_date'], { name: 'idx_air_date' });
  await queryInterface.addIndex('episodes', ['processing_status'], { name: 'idx_processing_status' });
};

/** Drops the table with its indexes and constraints. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('episodes');
};
