import type { Sequelize } from 'sequelize';
import { Errors } from '@episodic/core';
import type { Episode } from '../contract-types.ts';

/**
 * GET by id's statement, prepared once per connection (a named query): every column already in
 * the form the contract gives it (dates as 'YYYY-MM-DD', times as ISO-8601 UTC with
 * milliseconds, rating as text for an exact decimal), so a row needs no model and no parsing.
 */
export const EPISODE_BY_ID = {
  name: 'catalog_live_episode_by_id',
  text: `SELECT id, show_name, season_number, episode_number, episode_title,
                to_char(air_date, 'YYYY-MM-DD') AS air_date, plot_summary, director, writer, duration_minutes,
                rating::text AS rating, genre, thumbnail_url, poster_url, video_url, raw_video_s3_key,
                processed_video_s3_key, metadata_json_s3_key, processing_status,
                to_char(upload_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS upload_date,
                to_char(last_modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_modified
         FROM episodes WHERE id = $1 AND deleted_at IS NULL`,
};

/** The parts of a pg client (what Sequelize's pool hands out) this module uses. */
interface PgClient {
  query(query: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Sequelize's connection pool: the same connections (and limits) as every other query. */
interface ConnectionPool {
  getConnection(options: { type: 'SELECT' }): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/**
 * The live episode with an id, read by one prepared statement on a pooled connection, outside any
 * transaction: the read path of GET /episodes/:id. A pool that cannot connect is Sequelize's
 * connection error (a 503 at the edge); a connection lost during the query is a 503 too.
 *
 *   const byId = episodeById(sequelize);
 *   const episode = await byId(42); // undefined when missing or soft-deleted
 */
export function episodeById(sequelize: Sequelize): (id: number) => Promise<Episode | undefined> {
  const pool = sequelize.connectionManager as unknown as ConnectionPool;
  return async (id) => {
    const connection = await pool.getConnection({ type: 'SELECT' });
    try {
      const { rows } = await connection.query({ ...EPISODE_BY_ID, values: [id] });
      return rows[0] ? episodeOf(rows[0]) : undefined;
    } catch (error) {
      throw lostConnection(error) ? Errors.unavailable('database', error) : error;
    } finally {
      await pool.releaseConnection(connection);
    }
  };
}

/**
 * Whether a query failed because the database went away: the socket closed under it (an error
 * without a server severity), or the server said so (SQLSTATE class 08, connection exception, or
 * 57P, e.g. 57P01 when an administrator or a failover terminates the session).
 */
function lostConnection(error: unknown): boolean {
  const { severity, code } = error as { severity?: unknown; code?: unknown };
  if (severity === undefined) return true;
  return typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P'));
}

function episodeOf(row: Record<string, unknown>): Episode {
  return { ...row, rating: row['rating'] === null ? null : Number(row['rating']) } as unknown as Episode;
}
