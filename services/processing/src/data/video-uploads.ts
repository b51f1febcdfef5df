import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '@episodic/messaging';

/** One handed-out upload URL and what became of it. */
export interface VideoUploadRow {
  id: number;
  episode_id: number;
  s3_bucket: string;
  s3_key: string;
  content_type: string;
  size_bytes: number;
  status: 'awaiting' | 'arrived' | 'expired';
  expires_at: Date;
  requested_by: Actor;
  correlation_id: string;
}

/** Data access for video_uploads (migrations/processing/02). */
export function videoUploads(sequelize: Sequelize) {
  const select = 'SELECT id, episode_id, s3_bucket, s3_key, content_type, size_bytes::float8 AS size_bytes, status, expires_at, requested_by, correlation_id FROM video_uploads';
  return {
    async insert(values: Omit<VideoUploadRow, 'id' | 'status'>): Promise<void> {
      await sequelize.query(
        `INSERT INTO video_uploads (episode_id, s3_bucket, s3_key, content_type, size_bytes, expires_at, requested_by, correlation_id)
         VALUES (:episode_id, :s3_bucket, :s3_key, :content_type, :size_bytes, :expires_at, CAST(:requested_by AS jsonb), :correlation_id)`,
        { replacements: { ...values, requested_by: JSON.stringify(values.requested_by) } },
      );
    },

    /** The episode's video: the newest upload that arrived, if any. */
    async latestArrived(episodeId: number): Promise<VideoUploadRow | undefined> {
      const rows = await sequelize.query<VideoUploadRow>(`${select} WHERE episode_id = :episodeId AND status = 'arrived' ORDER BY arrived_at DESC, id DESC LIMIT 1`, {
        replacements: { episodeId }, type: QueryTypes.SELECT,
      });
      return rows[0];
    },

    /** Uploads whose URL was handed out and whose object has not been seen yet. */
    async awaiting(limit: number): Promise<VideoUploadRow[]> {
      return sequelize.query<VideoUploadRow>(`${select} WHERE status = 'awaiting' ORDER BY id LIMIT :limit`, { replacements: { limit }, type: QueryTypes.SELECT });
    },

    /** Moves an awaiting upload on (arrived or expired); false when another watcher already did. */
    async settle(id: number, status: 'arrived' | 'expired', transaction?: Transaction): Promise<boolean> {
      const [, count] = await sequelize.query(
        `UPDATE video_uploads SET status = :status, arrived_at = CASE WHEN :status = 'arrived' THEN now() END WHERE id = :id AND status = 'awaiting'`,
        { replacements: { id, status }, transaction, type: QueryTypes.UPDATE },
      );
      return Number(count) > 0;
    },
  };
}

export type VideoUploads = ReturnType<typeof videoUploads>;
