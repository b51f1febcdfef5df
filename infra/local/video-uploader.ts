import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';

/** Where and as whom a file is uploaded. */
export interface VideoUploadTarget {
  /** The API's origin, e.g. http://localhost:3000 (the gateway). */
  apiUrl: string;
  /** An editor's (or admin's) bearer token. */
  token: string;
  episodeId: number;
  file: string;
  /** Parts PUT at once (default 4). */
  concurrency?: number;
  /** Stops after this many parts (a test's stand-in for a crash); undefined: all. */
  stopAfterParts?: number;
  log?: (line: string) => void;
}

/** What an upload ended as. */
export interface VideoUploadOutcome {
  uploadId: number;
  status: string;
  partsSent: number;
  resumed: boolean;
}

const TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.mkv': 'video/x-matroska', '.webm': 'video/webm' };

/**
 * Uploads a video file in parts through the multipart routes, resumably: the upload's id is kept
 * in `<file>.upload.json`, so running it again after a crash asks which parts the server already
 * has and sends only the missing ones; then completes. A finished, aborted or expired upload
 * starts afresh.
 *
 *   await uploadVideoFile({ apiUrl: 'http://localhost:3000', token, episodeId: 2, file: 'episode.mp4' });
 */
export async function uploadVideoFile(target: VideoUploadTarget): Promise<VideoUploadOutcome> {
  const log = target.log ?? (() => undefined);
  const { size, mtimeMs } = await stat(target.file);
  const stateFile = `${target.file}.upload.json`;
  const api = apiOf(target);
  const base = `/api/v1/episodes/${target.episodeId}/video/uploads`;

  const saved = await readFile(stateFile, 'utf8').then((text) => JSON.parse(text) as { uploadId: number; size: number; mtimeMs: number; episodeId: number }, () => undefined);
  let upload: Answer | undefined = saved && saved.size === size && saved.mtimeMs === mtimeMs && saved.episodeId === target.episodeId
    ? await api('GET', `${base}/${saved.uploadId}`).then((reply) => (reply.status === 200 && reply.body.status === 'uploading' ? reply.body : undefined))
    : undefined;
  const resumed = upload !== undefined;
  if (!upload) {
    const contentType = TYPES[extname(target.file).toLowerCase()] ?? 'video/mp4';
    const started = await api('POST', base, { content_type: contentType, size_bytes: size });
    if (started.status !== 201) throw new Error(`starting the upload: ${started.status} ${JSON.stringify(started.body)}`);
    upload = started.body;
    await writeFile(stateFile, JSON.stringify({ uploadId: upload.upload_id, size, mtimeMs, episodeId: target.episodeId }));
  }
  const missing: number[] = upload.missing_parts;
  log(`${resumed ? 'resuming' : 'started'} upload ${upload.upload_id}: ${upload.part_count} parts of ${upload.part_size_bytes} bytes, ${missing.length} to send`);

  const toSend = missing.slice(0, target.stopAfterParts ?? missing.length);
  const handle = await open(target.file, 'r');
  let sent = 0;
  try {
    for (let start = 0; start < toSend.length; start += 100) {
      const batch = toSend.slice(start, start + 100);
      const urls = await api('GET', `${base}/${upload.upload_id}/part-urls?first=${batch[0]}&last=${batch.at(-1)}`);
      if (urls.status !== 200) throw new Error(`part URLs: ${urls.status} ${JSON.stringify(urls.body)}`);
      const wanted = new Set(batch);
      const parts = urls.body.parts.filter((part) => wanted.has(part.part_number));
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(target.concurrency ?? 4, parts.length) }, async () => {
        while (next < parts.length) {
          const part = parts[next++]!;
          const bytes = Buffer.alloc(part.size_bytes);
          await handle.read(bytes, 0, bytes.length, (part.part_number - 1) * upload.part_size_bytes);
          const put = await fetch(part.url, { method: 'PUT', body: bytes });
          if (put.status !== 200) throw new Error(`part ${part.part_number}: ${put.status} ${await put.text()}`);
          sent += 1;
        }
      }));
      log(`${start + batch.length}/${toSend.length} parts sent`);
    }
  } finally {
    await handle.close();
  }
  if (toSend.length < missing.length) return { uploadId: upload.upload_id, status: 'uploading', partsSent: sent, resumed };

  const completed = await api('POST', `${base}/${upload.upload_id}/complete`, {});
  if (completed.status !== 200) throw new Error(`completing: ${completed.status} ${JSON.stringify(completed.body)}`);
  await rm(stateFile, { force: true });
  log(`completed: ${completed.body.s3_key}`);
  return { uploadId: upload.upload_id, status: completed.body.status, partsSent: sent, resumed };
}

/** The fields of the API's answers this script reads (VideoMultipartUpload, VideoPartUrls, a problem). */
interface Answer {
  upload_id: number;
  status: string;
  part_count: number;
  part_size_bytes: number;
  missing_parts: number[];
  parts: { part_number: number; size_bytes: number; url: string }[];
  s3_key: string;
}

function apiOf(target: VideoUploadTarget) {
  return async (method: string, path: string, json?: unknown): Promise<{ status: number; body: Answer }> => {
    const response = await fetch(`${target.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Answer };
  };
}
