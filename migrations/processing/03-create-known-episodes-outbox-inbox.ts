import { createInboxTable, createOutboxTable, type MigrationFn } from '@episodic/db';
import { createKnownEpisodesTable } from '@episodic/episodes';

/** processing's projection of catalog's episodes, its outbox (processing events) and its inbox (episode events applied). */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await createKnownEpisodesTable(queryInterface);
  await createOutboxTable(queryInterface);
  await createInboxTable(queryInterface);
};

/** Drops the three tables. */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('inbox');
  await queryInterface.dropTable('outbox');
  await queryInterface.dropTable('known_episodes');
};
