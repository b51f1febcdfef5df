import { randomUUID } from 'node:crypto';
import type { VideoUpload, VideoUploadRequest } from '@episodic/contracts';
import { AppError } from '@episodic/core';
import type { CallerRequest } from '@episodic/episodes';
import type { WriteMeta } from './events.ts';
import type { ProcessingDeps } from './processing-deps.ts';

const EXTENSIONS: Record<string, string> = { 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/x-matroska': 'mkv', 'video/webm': 'webm' };

/** Where an episode's new video goes: a fresh key under its video prefix. */
export function videoKey(episodeId: number, contentType: string): string {
  return `episodes/${episodeId}/video/${randomUUID()}.${EXTENSIONS[contentType] ?? 'bin'}`;
}

/**
 * Hands out a presigned PUT URL for a live episode's raw video, bound to the declared content
 * type and exact size and valid for a short time. The key is remembered as awaiting; the upload
 * watcher sets it as the episode's video once the object is in S3 (never a client body).
 */
export async function requestVideoUpload(deps: ProcessingDeps, episodeId: number, request: VideoUploadRequest, caller: CallerRequest, meta: WriteMeta): Promise<VideoUpload> {
  const limit = Math.min(deps.maxVideoBytes, deps.videoUploads.singlePutMaxBytes);
  if (request.size_bytes > limit) {
    const hint = request.size_bytes <= deps.maxVideoBytes ? ` Larger files go in parts: POST /api/v1/episodes/${episodeId}/video/uploads.` : '';
    throw new AppError('too-large', 413, `One PUT takes videos of at most ${limit} bytes.${hint}`, { errors: [{ path: '/size_bytes', message: `must be at most ${limit}` }] });
  }
  await deps.gate.requireLive(episodeId, caller);
  const s3Key = videoKey(episodeId, request.content_type);
  const expiresAt = new Date(Date.now() + deps.urlExpiresSeconds * 1000);
  const uploadUrl = await deps.store.presignPut(s3Key, { contentType: request.content_type, contentLength: request.size_bytes, expiresInSeconds: deps.urlExpiresSeconds });
  await deps.uploads.insert({ episode_id: episodeId, s3_bucket: deps.store.bucket, s3_key: s3Key, content_type: request.content_type, size_bytes: request.size_bytes, expires_at: expiresAt, requested_by: meta.actor, correlation_id: meta.correlationId });
  return { episode_id: episodeId, s3_key: s3Key, upload_url: uploadUrl, method: 'PUT', headers: { 'content-type': request.content_type }, expires_at: expiresAt.toISOString() };
}
