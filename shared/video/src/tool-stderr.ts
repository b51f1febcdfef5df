import { basename } from 'node:path';
import { isUrl } from './video-input.ts';

const CONTEXT_PREFIX = /^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i;

/**
 * The first line of ffmpeg/ffprobe stderr worth showing a client, with our paths replaced by the
 * file's base name (a URL by "the video") and the "[mov,mp4 @ 0x1f2e]" context prefix dropped.
 *
 *   stderrDetail('[mov,mp4,m4a @ 0x1e]: moov atom not found\n...', '/tmp/job/a.mp4') // 'moov atom not found'
 */
export function stderrDetail(stderr: string, file: string, fallback = 'the tool gave no reason'): string {
  const name = isUrl(file) ? 'the video' : basename(file);
  const line = stderr
    .split(/\r?\n/)
    .map((text) => text.replace(CONTEXT_PREFIX, '').trim())
    .find((text) => text.length > 0);
  if (!line) return fallback;
  // A presigned URL's signature must never reach a client: the whole URL and its path go.
  return line.split(`file:${file}`).join(name).split(file).join(name).split(file.split('?')[0]!).join(name);
}
