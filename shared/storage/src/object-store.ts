import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AppError, Errors } from '@episodic/core';
import { guardS3, isMissingObject } from './guarded-s3.ts';
import { multipartUploads, type MultipartUploads } from './multipart.ts';
import { presignGet, presignPut, type PresignGetOptions, type PresignPutOptions } from './presigned-urls.ts';

export interface ObjectStoreOptions {
  s3: S3Client;
  bucket: string;
  /** Longest wait for one S3 call (until the response headers); default 5000. */
  timeoutMs?: number;
  /** Endpoint that presigned URLs name, when clients reach S3 elsewhere than `s3` does; default: `s3`'s own. */
  publicEndpoint?: string | undefined;
  /**
   * Every put carries a SHA-256 checksum (x-amz-checksum-sha256). S3 refuses puts without a
   * checksum into a bucket with Object Lock (the audit archive); the services' S3 clients send one
   * only where S3 requires it by the API model, which PutObject does not.
   */
  checksumPuts?: boolean;
}

/** What S3 knows about an object without its bytes. */
export interface ObjectHead {
  contentType: string;
  contentLength: number;
  /** Quoted, as S3 sends it, so it can go straight into an HTTP ETag header. */
  etag?: string | undefined;
  lastModified?: Date | undefined;
}

/** An object with its bytes as a Node stream: pipe it out, or it holds a socket open. */
export interface StoredObject extends ObjectHead {
  body: Readable;
}

/** One bucket, every call behind one circuit breaker. */
export interface ObjectStore {
  readonly bucket: string;
  /** Stores (or replaces) an object. */
  put(key: string, body: Buffer | Uint8Array, contentType: string): Promise<void>;
  /** The object and its bytes; a missing key is a 404 `not-found` AppError. */
  get(key: string): Promise<StoredObject>;
  /** Streams an object into a local file (created or truncated); a missing key is a 404. */
  download(key: string, filePath: string): Promise<ObjectHead>;
  /** The object's metadata, or undefined when there is none. */
  head(key: string): Promise<ObjectHead | undefined>;
  /** Deletes the keys, 1,000 per request; keys that are already gone are fine. */
  delete(keys: readonly string[]): Promise<void>;
  /** Deletes every object under a non-empty prefix; returns how many there were. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every key under the prefix, in S3's (lexicographic) order. */
  list(prefix: string): Promise<string[]>;
  /** A download URL; see `presignGet`. */
  presignGet(key: string, options: PresignGetOptions): Promise<string>;
  /** An upload URL bound to one content type and size; see `presignPut`. */
  presignPut(key: string, options: PresignPutOptions): Promise<string>;
  /**
   * A presigned GET for this service's own tools (ffmpeg reading by range): it names the endpoint
   * the service reaches S3 at, not S3_PUBLIC_ENDPOINT.
   */
  readUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** Multipart uploads through presigned part URLs (large videos); see `MultipartUploads`. */
  readonly multipart: MultipartUploads;
  /** Readiness probe: the bucket is there and reachable, else a 503 AppError. */
  check(): Promise<void>;
}

/** S3 caps both ListObjectsV2 pages and DeleteObjects batches at 1,000 keys. */
const BATCH = 1000;

/**
 * The media and processing services' view of S3. A timeout or outage rejects with a 503
 * `dependency-unavailable` AppError; a missing object never opens the circuit.
 *
 *   const store = createObjectStore({ s3, bucket: 'episodic-media', timeoutMs: 5000 });
 *   await store.put('thumbnails/7/original.jpg', bytes, 'image/jpeg');
 */
export function createObjectStore(options: ObjectStoreOptions): ObjectStore {
  const { s3, bucket } = options;
  const send = guardS3(options.timeoutMs ?? 5000);
  const presigner = presignerFor(s3, options.publicEndpoint);

  const get = async (key: string): Promise<StoredObject> => {
    try {
      const output = await send((abortSignal) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }));
      if (!(output.Body instanceof Readable)) throw new Error('S3 returned no Node stream body');
      return { ...headOf(output), body: output.Body };
    } catch (error) {
      throw isMissingObject(error) ? Errors.notFound(`Object ${key}`) : error;
    }
  };

  const list = async (prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const input = { Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: BATCH };
      const page = await send((abortSignal) => s3.send(new ListObjectsV2Command(input), { abortSignal }));
      for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  };

  const remove = async (keys: readonly string[]): Promise<void> => {
    for (let start = 0; start < keys.length; start += BATCH) {
      const Objects = keys.slice(start, start + BATCH).map((Key) => ({ Key }));
      const input = { Bucket: bucket, Delete: { Objects, Quiet: true } };
      const output = await send((abortSignal) => s3.send(new DeleteObjectsCommand(input), { abortSignal }));
      const failed = output.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw Errors.unavailable('S3', new Error(`${failed.length} objects were not deleted, e.g. ${first?.Key}: ${first?.Code}`));
      }
    }
  };

  return {
    bucket,
    async put(key, body, contentType) {
      const input = { Bucket: bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.byteLength, ...(options.checksumPuts && { ChecksumAlgorithm: 'SHA256' as const }) };
      await send((abortSignal) => s3.send(new PutObjectCommand(input), { abortSignal }));
    },
    get,
    async download(key, filePath) {
      const { body, ...head } = await get(key);
      await pipeline(body, createWriteStream(filePath));
      return head;
    },
    async head(key) {
      try {
        return headOf(await send((abortSignal) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal })));
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw error;
      }
    },
    delete: remove,
    async deletePrefix(prefix) {
      if (prefix === '') throw new AppError('storage-prefix-required', 500, 'deletePrefix refuses an empty prefix: it would empty the whole bucket.');
      const keys = await list(prefix);
      await remove(keys);
      return keys.length;
    },
    list,
    presignGet: (key, presign) => presignGet(presigner, bucket, key, presign),
    presignPut: (key, presign) => presignPut(presigner, bucket, key, presign),
    readUrl: (key, expiresInSeconds) => presignGet(s3, bucket, key, { expiresInSeconds }),
    multipart: multipartUploads({ s3, presigner, bucket, send }),
    async check() {
      try {
        await send((abortSignal) => s3.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }));
      } catch (error) {
        throw error instanceof AppError ? error : Errors.unavailable('S3', error);
      }
    },
  };
}

/**
 * The client that signs URLs: `s3` itself, or one with the same region and credentials that names
 * the public endpoint (the signature covers the host, so the URL cannot be rewritten afterwards).
 */
function presignerFor(s3: S3Client, publicEndpoint: string | undefined): S3Client {
  if (publicEndpoint === undefined) return s3;
  const { region, credentials, forcePathStyle } = s3.config;
  return new S3Client({ region, credentials, forcePathStyle, endpoint: publicEndpoint });
}

interface HeadOutput {
  ContentType?: string | undefined;
  ContentLength?: number | undefined;
  ETag?: string | undefined;
  LastModified?: Date | undefined;
}

function headOf(output: HeadOutput): ObjectHead {
  return {
    contentType: output.ContentType ?? 'application/octet-stream',
    contentLength: output.ContentLength ?? 0,
    etag: output.ETag,
    lastModified: output.LastModified,
  };
}
