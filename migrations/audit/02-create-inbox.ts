import { createInboxTable, type MigrationFn } from '@episodic/db';

/** The inbox: ids of events already recorded, so a redelivery records nothing. */
export const up: MigrationFn = async ({ context: { queryInterface } }) => createInboxTable(queryInterface);

export const down: MigrationFn = async ({ context: { queryInterface } }) => queryInterface.dropTable('inbox');
