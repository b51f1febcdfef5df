import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  NoSuchUpload,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppError } from '@episodic/core';
import type { GuardedS3 } from './guarded-s3.ts';
import { withoutBodyChecksum } from './presigned-urls.ts';

/** A part S3 holds for an unfinished upload. */
export interface UploadedPart {
  partNumber: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  size: number;
}

/** An unfinished multipart upload. */
export interface OpenUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/**
 * S3 multipart uploads of one bucket: the client PUTs each part to a presigned URL, the server
 * lists what arrived and completes or aborts. Every call but signing goes through the store's
 * breaker; an upload that is gone (completed, aborted or never there) is `upload-not-found` (404),
 * which never opens the circuit.
 *
 *   const uploadId = await store.multipart.create('episodes/7/video/a.mp4', 'video/mp4');
 *   const url = await store.multipart.presignPart('episodes/7/video/a.mp4', uploadId, 1, 900);
 */
export interface MultipartUploads {
  create(key: string, contentType: string): Promise<string>;
  /** A URL a client may PUT part `partNumber` (1..10,000) to, without credentials. */
  presignPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /** Every part received so far, by part number (ListParts, all pages). */
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  /** Joins the parts into the object; returns the object's ETag. */
  complete(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<string>;
  /** Drops the upload and its parts; one already gone is fine. */
  abort(key: string, uploadId: string): Promise<void>;
  /** Unfinished uploads under a prefix (ListMultipartUploads, all pages). */
  listOpen(prefix: string): Promise<OpenUpload[]>;
}

/** The upload is no longer there (completed, aborted or expired). */
export function uploadNotFound(key: string, cause?: unknown): AppError {
  return new AppError('upload-not-found', 404, `No unfinished upload of ${key}: it was completed, aborted or never started.`, { cause });
}

/** What the uploads are made with: `s3` for calls, `presigner` for the URLs clients get. */
export interface MultipartContext {
  s3: S3Client;
  presigner: S3Client;
  bucket: string;
  send: GuardedS3;
}

export function multipartUploads({ s3, presigner, bucket, send }: MultipartContext): MultipartUploads {
  const missingAsNotFound = (key: string) => (error: unknown) => {
    throw error instanceof NoSuchUpload ? uploadNotFound(key, error) : error;
  };

  return {
    async create(key, contentType) {
      const output = await send((abortSignal) => s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }), { abortSignal }));
      if (!output.UploadId) throw new Error('S3 returned no UploadId');
      return output.UploadId;
    },

    presignPart(key, uploadId, partNumber, expiresInSeconds) {
      const command = new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber });
      command.middlewareStack.add(
        (next) => async (args) => next({ ...args, request: withoutBodyChecksum(args.request) }),
        { step: 'build', priority: 'low', name: 'dropPresignedBodyChecksum' },
      );
      return getSignedUrl(presigner, command, { expiresIn: expiresInSeconds });
    },

    async listParts(key, uploadId) {
      const parts: UploadedPart[] = [];
      let marker: string | undefined;
      do {
        const input = { Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker, MaxParts: 1000 };
        const page = await send((abortSignal) => s3.send(new ListPartsCommand(input), { abortSignal })).catch(missingAsNotFound(key));
        for (const part of page.Parts ?? []) parts.push({ partNumber: part.PartNumber!, etag: part.ETag!, size: part.Size ?? 0 });
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },

    async complete(key, uploadId, parts) {
      const Parts = parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag }));
      const input = { Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts } };
      const output = await send((abortSignal) => s3.send(new CompleteMultipartUploadCommand(input), { abortSignal })).catch(missingAsNotFound(key));
      return output.ETag ?? '';
    },

    async abort(key, uploadId) {
      await send((abortSignal) => s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal }))
        .catch((error: unknown) => {
          if (!(error instanceof NoSuchUpload)) throw error;
        });
    },

    async listOpen(prefix) {
      const open: OpenUpload[] = [];
      let keyMarker: string | undefined;
      let idMarker: string | undefined;
      do {
        const input = { Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker, MaxUploads: 1000 };
        const page = await send((abortSignal) => s3.send(new ListMultipartUploadsCommand(input), { abortSignal }));
        for (const upload of page.Uploads ?? []) open.push({ key: upload.Key!, uploadId: upload.UploadId!, initiated: upload.Initiated ?? new Date(0) });
        [keyMarker, idMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : [undefined, undefined];
      } while (keyMarker);
      return open;
    },
  };
}
