import { Errors } from '@episodic/core';
import { positionOutOfRange, videoUnreadable } from './video-errors.ts';
import { stderrDetail } from './tool-stderr.ts';
import { runTool } from './tool-run.ts';
import { readPpm } from './ppm-image.ts';
import { videoInput } from './video-input.ts';
import type { VideoFacts } from './video-facts.ts';

/** One decoded picture: RGB24 interleaved, `width * height * 3` bytes. */
export interface VideoFrame {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
  /** Where the frame was taken, seconds from the start: the asked position, or one second before the end when the asked one fell after the last frame's start. */
  position_seconds: number;
}

/** Options for one frame. */
export interface FrameOptions {
  /** Shrink wider frames to this width, keeping the aspect (thumbnails rarely need 4K pixels). */
  maxWidth?: number;
  /** Facts from an earlier probe; only used to explain a frame that did not come. */
  facts?: VideoFacts;
  signal?: AbortSignal;
}

/** Which ffmpeg to run, how long it may take, and how to probe when a frame is missing. */
export interface FrameContext {
  ffmpeg: string;
  timeoutMs: number;
  probe: (file: string, options: { signal?: AbortSignal | undefined }) => Promise<VideoFacts>;
}

/**
 * Decodes the frame at `seconds` with input seeking (fast: ffmpeg jumps to the keyframe before and
 * decodes forward). Rotation is applied and pixels are made square, so the frame is what a viewer
 * sees. A position in the last second may return the frame one second before the end
 * (`position_seconds` says so). A position past the end is `video-position-out-of-range`;
 * no frame inside the video means it is truncated or corrupt (`video-unreadable`).
 *
 *   const frame = await frameAt('/tmp/job/a.mp4', 12, { maxWidth: 1280 }, context);
 */
export async function frameAt(file: string, seconds: number, options: FrameOptions, context: FrameContext): Promise<VideoFrame> {
  if (!Number.isFinite(seconds) || seconds < 0) throw Errors.badRequest(`A frame position must be 0 or more seconds (got ${seconds}).`);
  const frame = await decodeFrame(file, seconds, options, context);
  if (frame) return frame;
  const facts = options.facts ?? (await context.probe(file, { signal: options.signal }));
  if (seconds >= facts.duration_seconds) throw positionOutOfRange(seconds, facts.duration_seconds);
  // The last frame may start before `seconds` (29.95 s into a 30 s clip at 10 fps): ffmpeg skips
  // frames that start before the seek point, so look one second before the end instead.
  const lastSecond = Math.max(0, facts.duration_seconds - 1);
  const late = seconds > lastSecond ? await decodeFrame(file, lastSecond, options, context) : undefined;
  if (late) return late;
  throw videoUnreadable(`no frame could be decoded at ${seconds} s`);
}

async function decodeFrame(file: string, seconds: number, options: FrameOptions, context: FrameContext): Promise<VideoFrame | undefined> {
  const run = await runTool(context.ffmpeg, frameArgs(file, seconds, options.maxWidth), {
    tool: 'ffmpeg',
    timeoutMs: context.timeoutMs,
    signal: options.signal,
  });
  const pixels = readPpm(run.stdout);
  if (pixels) return { ...pixels, channels: 3, position_seconds: seconds };
  if (run.exitCode !== 0) throw videoUnreadable(stderrDetail(run.stderr, file));
  return undefined;
}

function frameArgs(file: string, seconds: number, maxWidth = Number.MAX_SAFE_INTEGER): string[] {
  // Square pixels at the display aspect (sar), then at most maxWidth wide; quotes protect the commas.
  const scale = `scale=w='min(${Math.floor(maxWidth)},round(iw*sar))':h='max(1,round(ow/dar))',setsar=1`;
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-xerror',
    '-ss', seconds.toFixed(3), ...videoInput(file).args,
    '-an', '-sn', '-dn', '-frames:v', '1', '-vf', scale, '-f', 'image2pipe', '-c:v', 'ppm', 'pipe:1',
  ];
}
