import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The ffmpeg binary: the configured one, else the build shipped in @ffmpeg-installer/ffmpeg.
 * The npm package is only loaded when needed, so a production image with a system ffmpeg
 * (FFMPEG_PATH) does not need it.
 */
export function ffmpegBinary(configured?: string): string {
  return configured || (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** The ffprobe binary: the configured one, else the build shipped in @ffprobe-installer/ffprobe. */
export function ffprobeBinary(configured?: string): string {
  return configured || (require('@ffprobe-installer/ffprobe') as { path: string }).path;
}
