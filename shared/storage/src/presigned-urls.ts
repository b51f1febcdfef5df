import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** How a download link behaves. */
export interface PresignGetOptions {
  expiresInSeconds: number;
  /** Makes browsers save the object under this name (`Content-Disposition: attachment`). */
  filename?: string;
}

/** What an upload through the link must be; S3 refuses any other type or size. */
export interface PresignPutOptions {
  contentType: string;
  contentLength: number;
  expiresInSeconds: number;
}

/**
 * A URL anyone may GET for a while, without credentials. Signing is local: no network, no breaker.
 *
 *   await presignGet(s3, 'episodic-media', 'thumbnails/7/original.jpg', { expiresInSeconds: 900, filename: 'poster.jpg' });
 */
export function presignGet(s3: S3Client, bucket: string, key: string, options: PresignGetOptions): Promise<string> {
  const disposition = options.filename === undefined ? undefined : attachment(options.filename);
  const command = new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition });
  return getSignedUrl(s3, command, { expiresIn: options.expiresInSeconds });
}

/**
 * A URL a client may PUT one object to. Content-Type and Content-Length are signed, so the
 * uploader must send exactly those (fetch sets Content-Length itself; Content-Type it must set).
 *
 *   await presignPut(s3, bucket, 'raw/9.mp4', { contentType: 'video/mp4', contentLength: 1_048_576, expiresInSeconds: 300 });
 */
export function presignPut(s3: S3Client, bucket: string, key: string, options: PresignPutOptions): Promise<string> {
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: options.contentType, ContentLength: options.contentLength });
  command.middlewareStack.add(
    (next) => async (args) => next({ ...args, request: withoutBodyChecksum(args.request) }),
    { step: 'build', priority: 'low', name: 'dropPresignedBodyChecksum' },
  );
  return getSignedUrl(s3, command, {
    expiresIn: options.expiresInSeconds,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

/**
 * Since @aws-sdk/client-s3 3.729 the SDK adds a CRC32 of the body to every PutObject. A presigned
 * PUT (or UploadPart) has no body yet, so the URL would carry the CRC32 of nothing (`AAAAAA==`) and S3 would reject
 * every real upload as corrupt. Runs after the checksum middleware (same step, lower priority).
 */
export function withoutBodyChecksum(request: unknown): unknown {
  const headers = (request as { headers?: Record<string, string> }).headers ?? {};
  for (const name of Object.keys(headers)) {
    if (/^x-amz-(checksum-|sdk-checksum-algorithm$)/i.test(name)) delete headers[name];
  }
  return request;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
