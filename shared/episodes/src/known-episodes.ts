import { DataTypes, QueryTypes, type QueryInterface, type Sequelize, type Transaction } from 'sequelize';

/** What media knows of an episode: live, deleted (a tombstone), or nothing yet. */
export type EpisodeStatus = 'live' | 'deleted' | 'unknown';

/**
 * A service's projection of catalog's episodes (its `known_episodes` table). A tombstone is never
 * revived: a replayed or late episode.created after episode.deleted changes nothing.
 */
export function knownEpisodes(sequelize: Sequelize) {
  return {
    /**
     * The episode's status. Inside a transaction the row is held FOR UPDATE until it ends, so one
     * episode's uploads commit one at a time (one primary) and a concurrent delete waits for them.
     */
    async statusOf(episodeId: number, transaction?: Transaction): Promise<EpisodeStatus> {
      const rows = await sequelize.query<{ deleted_at: Date | null }>(
        `SELECT deleted_at FROM known_episodes WHERE episode_id = :episodeId${transaction ? ' FOR UPDATE' : ''}`,
        { replacements: { episodeId }, type: QueryTypes.SELECT, transaction },
      );
      if (rows.length === 0) return 'unknown';
      return rows[0]!.deleted_at ? 'deleted' : 'live';
    },

    /** Records a live episode unless media already knows it (live, or deleted for good). */
    async rememberLive(episodeId: number, transaction?: Transaction): Promise<void> {
      await sequelize.query(
        'INSERT INTO known_episodes (episode_id, updated_at) VALUES (:episodeId, now()) ON CONFLICT (episode_id) DO NOTHING',
        { replacements: { episodeId }, transaction },
      );
    },

    /** Records the tombstone, holding the row until the transaction ends (uploads in flight wait, then see it). */
    async markDeleted(episodeId: number, deletedAt: Date, transaction: Transaction): Promise<void> {
      await sequelize.query(
        `INSERT INTO known_episodes (episode_id, deleted_at, updated_at) VALUES (:episodeId, :deletedAt, now())
         ON CONFLICT (episode_id) DO UPDATE SET deleted_at = COALESCE(known_episodes.deleted_at, EXCLUDED.deleted_at), updated_at = now()`,
        { replacements: { episodeId, deletedAt }, transaction },
      );
    },
  };
}

export type KnownEpisodes = ReturnType<typeof knownEpisodes>;

/**
 * Creates `known_episodes` in the calling service's database; each service that keeps the
 * projection calls this from one of its own migrations.
 */
export async function createKnownEpisodesTable(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.createTable('known_episodes', {
    episode_id: { type: DataTypes.INTEGER, primaryKey: true },
    deleted_at: { type: DataTypes.DATE, allowNull: true },
    updated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  });
}
