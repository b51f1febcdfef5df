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
  status: 'awaiting' | 'arrived' | 'expired' | 'aborted';
  upload_type: 'single' | 'multipart';
  /** S3's id of a multipart upload; null for a single PUT. */
  s3_upload_id: string | null;
  part_size_bytes: number | null;
  part_count: number | null;
  expires_at: Date;
  created_at: Date;
  /** When it arrived, was aborted or expired. */
  ended_at: Date | null;
  requested_by: Actor;
  correlation_id: string;
}

/** What a new upload row is made of. */
export type NewUpload = Omit<VideoUploadRow, 'id' | 'status' | 'upload_type' | 's3_upload_id' | 'part_size_bytes' | 'part_count' | 'created_at' | 'ended_at'>
  & Partial<Pick<VideoUploadRow, 's3_upload_id' | 'part_size_bytes' | 'part_count'>>;

/** Data access for video_uploads (migrations/processing/02 and 05). */
export function videoUploads(sequelize: Sequelize) {
  const select = `SELECT id, episode_id, s3_bucket, s3_key, content_type, size_bytes::float8 AS size_bytes, status, upload_type, s3_upload_id,
    part_size_bytes::float8 AS part_size_bytes, part_count, expires_at, created_at, ended_at, requested_by, correlation_id FROM video_uploads`;
  return {
    /** A new awaiting upload (single PUT unless an S3 upload id is given); returns its id. */
    async insert(values: NewUpload): Promise<number> {
      const [rows] = await sequelize.query(
        `INSERT INTO video_uploads (episode_id, s3_bucket, s3_key, content_type, size_bytes, expires_at, requested_by, correlation_id, upload_type, s3_upload_id, part_size_bytes, part_count)
         VALUES (:episode_id, :s3_bucket, :s3_key, :content_type, :size_bytes, :expires_at, CAST(:requested_by AS jsonb), :correlation_id, :upload_type, :s3_upload_id, :part_size_bytes, :part_count)
         RETURNING id`,
        { replacements: { s3_upload_id: null, part_size_bytes: null, part_count: null, ...values, upload_type: values.s3_upload_id ? 'multipart' : 'single', requested_by: JSON.stringify(values.requested_by) } },
      );
      return (rows as { id: number }[])[0]!.id;
    },

    /** One multipart upload of an episode. */
    async findMultipart(episodeId: number, id: number): Promise<VideoUploadRow | undefined> {
      const rows = await sequelize.query<VideoUploadRow>(`${select} WHERE id = :id AND episode_id = :episodeId AND upload_type = 'multipart'`, {
        replacements: { id, episodeId }, type: QueryTypes.SELECT,
      });
      return rows[0];
    },

    /** Multipart uploads still awaiting completion after their expiry. */
    async overdueMultipart(now: Date, limit: number): Promise<VideoUploadRow[]> {
      return sequelize.query<VideoUploadRow>(`${select} WHERE status = 'awaiting' AND upload_type = 'multipart' AND expires_at < :now ORDER BY expires_at LIMIT :limit`, {
        replacements: { now, limit }, type: QueryTypes.SELECT,
      });
    },

    /** The episode's video: the newest upload that arrived, if any. */
    async latestArrived(episodeId: number): Promise<VideoUploadRow | undefined> {
      const rows = await sequelize.query<VideoUploadRow>(`${select} WHERE episode_id = :episodeId AND status = 'arrived' ORDER BY arrived_at DESC, id DESC LIMIT 1`, {
        replacements: { episodeId }, type: QueryTypes.SELECT,
      });
      return rows[0];
    },

    /** Single-PUT uploads whose URL was handed out and whose object has not been seen yet (a multipart one arrives by its completion). */
    async awaiting(limit: number): Promise<VideoUploadRow[]> {
      return sequelize.query<VideoUploadRow>(`${select} WHERE status = 'awaiting' AND upload_type = 'single' ORDER BY id LIMIT :limit`, { replacements: { limit }, type: QueryTypes.SELECT });
    },

    /** Moves an awaiting upload on (arrived, expired or aborted); false when another watcher or request already did. */
    async settle(id: number, status: 'arrived' | 'expired' | 'aborted', transaction?: Transaction): Promise<boolean> {
      const [, count] = await sequelize.query(
        `UPDATE video_uploads SET status = :status, arrived_at = CASE WHEN :status = 'arrived' THEN now() END, ended_at = now() WHERE id = :id AND status = 'awaiting'`,
        { replacements: { id, status }, transaction, type: QueryTypes.UPDATE },
      );
      return Number(count) > 0;
    },
  };
}

export type VideoUploads = ReturnType<typeof videoUploads>;
