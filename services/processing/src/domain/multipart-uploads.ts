import type { VideoMultipartUpload, VideoPartUrls, VideoUploadComplete, VideoUploadRequest } from '@episodic/contracts';
import { AppError, Errors, type FieldError } from '@episodic/core';
import type { CallerRequest } from '@episodic/episodes';
import type { UploadedPart } from '@episodic/storage';
import type { VideoUploadRow } from '../data/video-uploads.ts';
import { emit, type WriteMeta } from './events.ts';
import type { ProcessingDeps } from './processing-deps.ts';
import { partBytes, partPlan, partRange, type PartPlan } from './video-parts.ts';
import { videoKey } from './video-uploads.ts';

/** Part URLs handed out with the answer that starts an upload. */
const FIRST_URLS = 100;

const STATUS: Record<VideoUploadRow['status'], VideoMultipartUpload['status']> = { awaiting: 'uploading', arrived: 'completed', aborted: 'aborted', expired: 'expired' };

/**
 * Starts a resumable multipart upload of a live episode's raw video: S3's upload, a row that
 * remembers it (and who asked, for video.uploaded), and URLs of the first parts.
 */
export async function startMultipartUpload(deps: ProcessingDeps, episodeId: number, request: VideoUploadRequest, caller: CallerRequest, meta: WriteMeta): Promise<VideoMultipartUpload> {
  if (request.size_bytes > deps.maxVideoBytes) throw tooLarge(deps.maxVideoBytes);
  const plan = partPlan(request.size_bytes, deps.videoUploads.partSizeBytes);
  await deps.gate.requireLive(episodeId, caller);
  const s3Key = videoKey(episodeId, request.content_type);
  const uploadId = await deps.store.multipart.create(s3Key, request.content_type);
  const expiresAt = new Date(Date.now() + deps.videoUploads.expiresHours * 3_600_000);
  const id = await deps.uploads.insert({
    episode_id: episodeId, s3_bucket: deps.store.bucket, s3_key: s3Key, content_type: request.content_type, size_bytes: request.size_bytes,
    expires_at: expiresAt, requested_by: meta.actor, correlation_id: meta.correlationId,
    s3_upload_id: uploadId, part_size_bytes: plan.partSize, part_count: plan.partCount,
  });
  const upload = (await deps.uploads.findMultipart(episodeId, id))!;
  return { ...describe(upload, []), part_urls: await urlsFor(deps, upload, partRange(1, Math.min(plan.partCount, FIRST_URLS), plan.partCount)) };
}

/** The upload with the parts S3 holds and those still missing (what a client resumes with). */
export async function multipartUploadStatus(deps: ProcessingDeps, episodeId: number, id: number): Promise<VideoMultipartUpload> {
  const upload = await findUpload(deps, episodeId, id);
  return describe(upload, upload.status === 'awaiting' ? await listedParts(deps, upload) : []);
}

/** Fresh URLs for parts `first`..`last` of an upload still open. */
export async function partUrls(deps: ProcessingDeps, episodeId: number, id: number, first: number, last?: number): Promise<VideoPartUrls> {
  const upload = await openUpload(deps, episodeId, id);
  return urlsFor(deps, upload, partRange(first, last, upload.part_count!));
}

/**
 * Completes an upload: the server lists the parts itself, checks every part is there with its
 * size (and, when the client sent them, its ETags) and that they add up to the declared size;
 * then S3 joins them and the upload's row and video.uploaded commit together. Completing again
 * answers the completed upload; an aborted one is 409, an expired one 410.
 */
export async function completeMultipartUpload(deps: ProcessingDeps, episodeId: number, id: number, request: VideoUploadComplete): Promise<VideoMultipartUpload> {
  const found = await findUpload(deps, episodeId, id);
  if (found.status === 'arrived') return describe(found, []);
  const upload = await openUpload(deps, episodeId, id);
  const parts = await deps.store.multipart.listParts(upload.s3_key, upload.s3_upload_id!).catch(async (error: unknown) => {
    // Gone from S3 but completed by an earlier request whose commit failed: the object is there.
    if (error instanceof AppError && error.code === 'upload-not-found' && (await deps.store.head(upload.s3_key))?.contentLength === Number(upload.size_bytes)) return undefined;
    throw error;
  });
  if (parts) {
    checkParts(upload, parts, request.parts);
    await deps.store.multipart.complete(upload.s3_key, upload.s3_upload_id!, parts);
  }
  await deps.sequelize.transaction(async (transaction) => {
    if (!(await deps.uploads.settle(upload.id, 'arrived', transaction))) return;
    const data = { episode_id: upload.episode_id, s3_bucket: upload.s3_bucket, s3_key: upload.s3_key, content_type: upload.content_type, size_bytes: Number(upload.size_bytes) };
    await emit(deps.events, transaction, { type: 'video.uploaded', data }, { actor: upload.requested_by, correlationId: upload.correlation_id });
  });
  return describe((await deps.uploads.findMultipart(episodeId, id))!, []);
}

/** Aborts an open upload; S3 deletes its parts. Aborting twice is fine; a completed upload is 409. */
export async function abortMultipartUpload(deps: ProcessingDeps, episodeId: number, id: number): Promise<void> {
  const upload = await findUpload(deps, episodeId, id);
  if (upload.status === 'arrived') throw new AppError('upload-completed', 409, `Upload ${id} is already complete: the video is the episode's.`);
  await deps.store.multipart.abort(upload.s3_key, upload.s3_upload_id!);
  if (upload.status === 'awaiting') await deps.uploads.settle(upload.id, 'aborted');
}

async function findUpload(deps: ProcessingDeps, episodeId: number, id: number): Promise<VideoUploadRow> {
  const upload = await deps.uploads.findMultipart(episodeId, id);
  if (!upload) throw Errors.notFound(`Upload ${id} of episode ${episodeId}`);
  return upload;
}

/** The upload if parts may still go to it: aborted is 409, expired (swept or not yet) 410. */
async function openUpload(deps: ProcessingDeps, episodeId: number, id: number): Promise<VideoUploadRow> {
  const upload = await findUpload(deps, episodeId, id);
  if (upload.status === 'aborted') throw new AppError('upload-aborted', 409, `Upload ${id} was aborted; start a new one.`);
  if (upload.status === 'arrived') throw new AppError('upload-completed', 409, `Upload ${id} is already complete.`);
  if (upload.status === 'expired' || new Date(upload.expires_at).getTime() <= Date.now()) {
    throw new AppError('upload-expired', 410, `Upload ${id} expired at ${new Date(upload.expires_at).toISOString()}; its parts are deleted. Start a new one.`);
  }
  return upload;
}

async function listedParts(deps: ProcessingDeps, upload: VideoUploadRow): Promise<UploadedPart[]> {
  return deps.store.multipart.listParts(upload.s3_key, upload.s3_upload_id!).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'upload-not-found') return [];
    throw error;
  });
}

/** Every part present, each of its planned size, and the client's ETags (when sent) matching S3's. */
function checkParts(upload: VideoUploadRow, parts: readonly UploadedPart[], claimed: VideoUploadComplete['parts']): void {
  const plan: PartPlan = { partSize: Number(upload.part_size_bytes), partCount: upload.part_count! };
  const size = Number(upload.size_bytes);
  const byNumber = new Map(parts.map((part) => [part.partNumber, part]));
  const errors: FieldError[] = [];
  for (let number = 1; number <= plan.partCount && errors.length < 20; number += 1) {
    const part = byNumber.get(number);
    if (!part) errors.push({ path: `/parts/${number}`, message: `part ${number} has not been uploaded` });
    else if (part.size !== partBytes(plan, size, number)) errors.push({ path: `/parts/${number}`, message: `part ${number} has ${part.size} bytes; it must have ${partBytes(plan, size, number)}` });
  }
  for (const part of parts) {
    if (part.partNumber > plan.partCount) errors.push({ path: `/parts/${part.partNumber}`, message: `part ${part.partNumber} is past the last part (${plan.partCount})` });
  }
  const total = parts.reduce((sum, part) => sum + part.size, 0);
  if (total !== size) errors.push({ path: '/size_bytes', message: `the parts hold ${total} bytes; ${size} were declared` });
  (claimed ?? []).forEach((part, index) => {
    const held = byNumber.get(part.part_number);
    if (!held || unquote(held.etag) !== unquote(part.etag)) errors.push({ path: `/parts/${index}/etag`, message: `part ${part.part_number} is not the one S3 holds (ETag ${held?.etag ?? 'none'})` });
  });
  if (errors.length > 0) throw new AppError('upload-incomplete', 422, 'The upload cannot be completed: parts are missing, of the wrong size, or not the ones sent.', { errors });
}

const unquote = (etag: string) => etag.replaceAll('"', '');

async function urlsFor(deps: ProcessingDeps, upload: VideoUploadRow, numbers: number[]): Promise<VideoPartUrls> {
  const plan: PartPlan = { partSize: Number(upload.part_size_bytes), partCount: upload.part_count! };
  const expiresIn = Math.max(1, Math.min(deps.urlExpiresSeconds, Math.floor((new Date(upload.expires_at).getTime() - Date.now()) / 1000)));
  const parts = await Promise.all(numbers.map(async (number) => ({
    part_number: number,
    size_bytes: partBytes(plan, Number(upload.size_bytes), number),
    url: await deps.store.multipart.presignPart(upload.s3_key, upload.s3_upload_id!, number, expiresIn),
  })));
  return { upload_id: upload.id, method: 'PUT', expires_at: new Date(Date.now() + expiresIn * 1000).toISOString(), parts };
}

function describe(upload: VideoUploadRow, parts: readonly UploadedPart[]): VideoMultipartUpload {
  const received = new Set(parts.map((part) => part.partNumber));
  const count = upload.part_count!;
  return {
    upload_type: 'multipart',
    upload_id: upload.id,
    episode_id: upload.episode_id,
    s3_key: upload.s3_key,
    content_type: upload.content_type,
    size_bytes: Number(upload.size_bytes),
    status: STATUS[upload.status],
    part_size_bytes: Number(upload.part_size_bytes),
    part_count: count,
    parts_received: parts.map((part) => ({ part_number: part.partNumber, size_bytes: part.size, etag: part.etag })),
    bytes_received: parts.reduce((sum, part) => sum + part.size, 0),
    missing_parts: upload.status === 'awaiting' ? Array.from({ length: count }, (_, i) => i + 1).filter((number) => !received.has(number)) : [],
    expires_at: new Date(upload.expires_at).toISOString(),
    created_at: new Date(upload.created_at).toISOString(),
    completed_at: upload.status === 'arrived' && upload.ended_at ? new Date(upload.ended_at).toISOString() : null,
  };
}

function tooLarge(max: number): AppError {
  return new AppError('too-large', 413, `Videos may be at most ${max} bytes.`, { errors: [{ path: '/size_bytes', message: `must be at most ${max}` }] });
}
