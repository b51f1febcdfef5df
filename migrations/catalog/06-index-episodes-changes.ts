import type { MigrationFn } from '@episodic/db';

/**
 * The order of an `updated_since` sync (last_modified, id), deleted rows included: a mirror's
 * catch-up reads one index range instead of the whole table.
 */
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('CREATE INDEX idx_episodes_last_modified_id ON episodes (last_modified, id)');
};

/** Drops the index. */
export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP INDEX idx_episodes_last_modified_id');
};
