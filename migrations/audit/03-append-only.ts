import type { MigrationFn } from '@episodic/db';

/** The log is append-only: the database itself refuses UPDATE and DELETE of activity rows. */
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE FUNCTION activity_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'activity_logs is append-only (% refused)', TG_OP;
    END $$;
    CREATE TRIGGER activity_logs_append_only BEFORE UPDATE OR DELETE ON activity_logs
      FOR EACH ROW EXECUTE FUNCTION activity_logs_append_only();`);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP TRIGGER activity_logs_append_only ON activity_logs;
    DROP FUNCTION activity_logs_append_only();`);
};
