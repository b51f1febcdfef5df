import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/**
 * What ffprobe found in an episode's video (duration, resolution, codecs, bitrate, frame rate),
 * stored by catalog when a metadata_extraction job completes. JSONB, NULL until then.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addColumn('metadata_storage', 'technical_metadata', { type: DataTypes.JSONB, allowNull: true });
};

/** Drops the column (and what it held). */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.removeColumn('metadata_storage', 'technical_metadata');
};
