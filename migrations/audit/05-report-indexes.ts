import type { MigrationFn } from '@episodic/db';

/**
 * The activity report's two common filters, each in the report's own order (newest first by
 * occurred_at, id): a page by resource or by user (over a time range) is one index range read
 * backwards and stops at its limit, whatever the length of that resource's or user's history.
 * They supersede the (resource_type, resource_id) and (user_id, occurred_at) indexes of 01, which
 * made PostgreSQL read and sort every matching row; dropping those keeps the append path at the
 * same number of indexes.
 */
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE INDEX activity_logs_resource_time ON activity_logs (resource_type, resource_id, occurred_at, id);
    CREATE INDEX activity_logs_user_time_id ON activity_logs (user_id, occurred_at, id);
    DROP INDEX activity_logs_resource;
    DROP INDEX activity_logs_user_time;
  `);
};

/** Back to 01's indexes. */
export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE INDEX activity_logs_user_time ON activity_logs (user_id, occurred_at);
    CREATE INDEX activity_logs_resource ON activity_logs (resource_type, resource_id);
    DROP INDEX activity_logs_resource_time;
    DROP INDEX activity_logs_user_time_id;
  `);
};
