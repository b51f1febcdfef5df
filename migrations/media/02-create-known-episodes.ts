import { createKnownEpisodesTable } from '@episodic/episodes';
import type { MigrationFn } from '@episodic/db';

/**
 * media's projection of catalog's episodes: which ids exist and whether they are live. It is
 * fed by episode.* events and, for an id it has not heard of yet, by asking catalog once. A
 * deleted episode stays as a tombstone, so a late or replayed episode.created cannot revive it.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await createKnownEpisodesTable(queryInterface);
};

/** Drops the projection (it can be rebuilt from catalog). */
export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('known_episodes');
};
