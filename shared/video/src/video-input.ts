import { basename } from 'node:path';

/** How ffmpeg/ffprobe are told to read a video, and what an error may call it. */
export interface VideoInput {
  /** `-protocol_whitelist … [-seekable 1] -i`-ready arguments, the input last. */
  args: string[];
  /** What an error message names: the file's base name, or "the video" for a URL (never its signature). */
  label: string;
  /** The exact text to scrub from tool output. */
  raw: string;
}

/** Protocols a presigned S3 URL needs: http(s) over tcp, and tls for https. Nothing else (no file, no concat, no playlists). */
const URL_PROTOCOLS = 'http,https,tcp,tls';

/**
 * A local file (`file:` only) or a presigned http(s) URL (read by range requests: `-seekable 1`,
 * since S3 serves ranges whether or not it says Accept-Ranges), with only the protocols each needs,
 * so a crafted file cannot make ffmpeg open anything else.
 *
 *   videoInput('https://bucket.s3.amazonaws.com/a.mp4?X-Amz-…').args // ['-protocol_whitelist', 'http,https,tcp,tls', '-seekable', '1', '-i', 'https://…']
 */
export function videoInput(source: string): VideoInput {
  if (/^https?:\/\//i.test(source)) {
    return { args: ['-protocol_whitelist', URL_PROTOCOLS, '-seekable', '1', '-i', source], label: 'the video', raw: source };
  }
  return { args: ['-protocol_whitelist', 'file', '-i', `file:${source}`], label: basename(source), raw: source };
}

/** Whether a source is a URL (ffprobe takes the input without `-i`). */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}
