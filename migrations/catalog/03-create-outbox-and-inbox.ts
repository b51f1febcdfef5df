import { createInboxTable, createOutboxTable, type MigrationFn } from '@episodic/db';

/** The transactional outbox (events of catalog's writes) and the inbox (events it has applied). */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await createOutboxTable(queryInterface);
  await createInboxTable(queryInterface);
};

/** Drops both tables (the outbox's partial index goes with it). */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('inbox');
  await queryInterface.dropTable('outbox');
};
