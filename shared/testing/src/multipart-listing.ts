import type { buildApp } from 'fauxqs';
import type { S3StoreView, StoredUpload } from './fauxqs-parts.ts';

/** What the handlers below use of a Fastify reply. */
interface FastifyReply {
  status(code: number): FastifyReply;
  header(name: string, value: string): FastifyReply;
  send(body: string): FastifyReply;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_LISTED = 1000;

/**
 * Adds the two S3 operations fauxqs 2.4 lacks, answered from its own store in front of its S3
 * router (which would treat them as GetObject and ListObjects):
 *
 * - ListParts: `GET /<bucket>/<key>?uploadId=…` (`max-parts`, `part-number-marker`)
 * - ListMultipartUploads: `GET /<bucket>?uploads` (`prefix`, `max-uploads`, `key-marker`, `upload-id-marker`)
 *
 * Both answer as S3 does, so the AWS SDK's ListPartsCommand and ListMultipartUploadsCommand read
 * them unchanged; an unknown upload is `NoSuchUpload` (404), an unknown bucket `NoSuchBucket`.
 */
export function addMultipartListing(app: ReturnType<typeof buildApp>, store: S3StoreView): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const url = new URL(request.url, 'http://emulator');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = url.searchParams;
    if (key !== '' && query.has('uploadId')) return listParts(reply, store, decodeURIComponent(bucket), key, query);
    if (key === '' && query.has('uploads')) return listUploads(reply, store, decodeURIComponent(bucket), query);
  });
}

function listParts(reply: FastifyReply, store: S3StoreView, bucket: string, key: string, query: URLSearchParams) {
  const uploadId = query.get('uploadId') ?? '';
  const upload = store.multipartUploads.get(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) {
    return s3Error(reply, 404, 'NoSuchUpload', 'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
  }
  const marker = Number(query.get('part-number-marker') ?? 0) || 0;
  const max = Math.min(MAX_LISTED, Number(query.get('max-parts') ?? MAX_LISTED) || MAX_LISTED);
  const after = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, max);
  const truncated = after.length > page.length;
  return xml(reply, 'ListPartsResult', [
    tag('Bucket', bucket), tag('Key', key), tag('UploadId', uploadId),
    tag('PartNumberMarker', marker), tag('NextPartNumberMarker', page.at(-1)?.partNumber ?? marker),
    tag('MaxParts', max), tag('IsTruncated', truncated), tag('StorageClass', 'STANDARD'),
    ...page.map((part) => `<Part>${tag('PartNumber', part.partNumber)}${tag('LastModified', part.lastModified.toISOString())}${tag('ETag', part.etag)}${tag('Size', part.body.length)}</Part>`),
  ]);
}

function listUploads(reply: FastifyReply, store: S3StoreView, bucket: string, query: URLSearchParams) {
  if (!store.buckets.has(bucket)) return s3Error(reply, 404, 'NoSuchBucket', 'The specified bucket does not exist');
  const prefix = query.get('prefix') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const idMarker = query.get('upload-id-marker') ?? '';
  const max = Math.min(MAX_LISTED, Number(query.get('max-uploads') ?? MAX_LISTED) || MAX_LISTED);
  // S3 orders by key, then by initiation time; the upload id breaks ties so paging is stable.
  const uploads = [...(store.multipartUploadsByBucket.get(bucket) ?? [])]
    .map((id) => store.multipartUploads.get(id))
    .filter((upload): upload is StoredUpload => upload !== undefined && upload.key.startsWith(prefix))
    .sort((a, b) => a.key.localeCompare(b.key) || a.initiated.getTime() - b.initiated.getTime() || a.uploadId.localeCompare(b.uploadId))
    .filter((upload) => afterMarker(upload, keyMarker, idMarker, store));
  const page = uploads.slice(0, max);
  const truncated = uploads.length > page.length;
  const last = page.at(-1);
  return xml(reply, 'ListMultipartUploadsResult', [
    tag('Bucket', bucket), tag('KeyMarker', keyMarker), tag('UploadIdMarker', idMarker),
    tag('NextKeyMarker', truncated ? last?.key ?? '' : ''), tag('NextUploadIdMarker', truncated ? last?.uploadId ?? '' : ''),
    tag('Prefix', prefix), tag('MaxUploads', max), tag('IsTruncated', truncated),
    ...page.map((upload) => `<Upload>${tag('Key', upload.key)}${tag('UploadId', upload.uploadId)}${tag('Initiated', upload.initiated.toISOString())}${tag('StorageClass', 'STANDARD')}</Upload>`),
  ]);
}

/** Past the markers: a later key, or the same key after the marked upload. */
function afterMarker(upload: StoredUpload, keyMarker: string, idMarker: string, store: S3StoreView): boolean {
  if (keyMarker === '') return true;
  if (upload.key !== keyMarker) return upload.key > keyMarker;
  if (idMarker === '') return false;
  const marked = store.multipartUploads.get(idMarker);
  if (!marked) return upload.uploadId > idMarker;
  return upload.initiated.getTime() > marked.initiated.getTime() || (upload.initiated.getTime() === marked.initiated.getTime() && upload.uploadId > idMarker);
}

function xml(reply: FastifyReply, root: string, children: string[]) {
  return reply.status(200).header('content-type', 'application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${XMLNS}">${children.join('')}</${root}>`);
}

function s3Error(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).header('content-type', 'application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error>${tag('Code', code)}${tag('Message', message)}<HostId>fauxqs</HostId></Error>`);
}

function tag(name: string, value: string | number | boolean): string {
  return `<${name}>${String(value).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)}</${name}>`;
}
