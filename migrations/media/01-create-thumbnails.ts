import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

const THUMBNAIL_TYPES = ['primary', 'cover', 'poster', 'frame'];

/**
 * The thumbnails table of SEED-phase1 §1A.3 with three design changes: episodes live in
 * catalog's database, so `episode_id` has no foreign key (episode.deleted events cascade
 * instead); `renditions` lists the resized WebP copies stored beside the original; and a
 * partial unique index allows at most one primary per episode.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('thumbnails', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    episode_id: { type: DataTypes.INTEGER, allowNull: false },
    s3_bucket: { type: DataTypes.STRING(255), allowNull: false },
    s3_key: { type: DataTypes.STRING(512), allowNull: false },
    file_size_bytes: { type: DataTypes.INTEGER, allowNull: false },
    mime_type: { type: DataTypes.STRING(50), allowNull: false },
    width_pixels: { type: DataTypes.INTEGER, allowNull: false },
    height_pixels: { type: DataTypes.INTEGER, allowNull: false },
    format: { type: DataTypes.STRING(20), allowNull: false },
    thumbnail_type: { type: DataTypes.STRING(50), allowNull: false },
    position_seconds: { type: DataTypes.INTEGER, allowNull: true },
    generated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
    quality_rating: { type: DataTypes.DECIMAL(3, 2), allowNull: true },
    renditions: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
  });
  const types = THUMBNAIL_TYPES.map((type) => `'${type}'`).join(', ');
  await sequelize.query(`
    ALTER TABLE thumbnails
      ADD CONSTRAINT thumbnails_thumbnail_type_check CHECK (thumbnail_type IN (${types})),
      ADD CONSTRAINT thumbnails_quality_rating_check CHECK (quality_rating >= 0 AND quality_rating <= 1),
      ADD CONSTRAINT thumbnails_position_seconds_check CHECK (position_seconds >= 0)`);
  // The seed's idx_episode_id, widened to (episode_id, id) to serve the list's keyset order.
  await queryInterface.addIndex('thumbnails', ['episode_id', 'id'], { name: 'idx_episode_id' });
  await queryInterface.addIndex('thumbnails', ['s3_key'], { name: 'idx_s3_key', unique: true });
  await queryInterface.addIndex('thumbnails', ['episode_id'], {
    name: 'thumbnails_one_primary_per_episode',
    unique: true,
    where: { thumbnail_type: 'primary' },
  });
};

/** Drops the table with its indexes and constraints. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('thumbnails');
};
