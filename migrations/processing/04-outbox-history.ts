import type { MigrationFn } from '@episodic/db';

/**
 * The outbox as history: each event keeps the W3C trace context of the request that caused it
 * (published as a message attribute, so consumers continue the trace), and published rows are
 * read by time for replays and pruned after OUTBOX_RETENTION_DAYS.
 */
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE outbox ADD COLUMN trace_context text');
  await sequelize.query('CREATE INDEX outbox_created_at ON outbox (created_at)');
};

/** Drops the index and the column. */
export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP INDEX outbox_created_at');
  await sequelize.query('ALTER TABLE outbox DROP COLUMN trace_context');
};
