import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/**
 * media's projection of catalog's episodes: which ids exist and whether they are live. It is
 * fed by episode.* events and, for an id it has not heard of yet, by asking catalog once. A
 * deleted episode stays as a tombstone, so a late or replayed episode.created cannot revive it.
 */
export const up: MigrationFn = async ({ context: { queryInterface, sequelize } }) => {
  await queryInterface.createTable('known_episodes', {
    episode_id: { type: DataTypes.INTEGER, primaryKey: true },
    deleted_at: { type: DataTypes.DATE, allowNull: true },
    updated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: sequelize.literal('CURRENT_TIMESTAMP') },
  });
};

/** Drops the projection (it can be rebuilt from catalog). */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('known_episodes');
};
