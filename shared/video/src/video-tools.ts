import { ffmpegBinary, ffprobeBinary } from './tool-paths.ts';
import { probeVideo } from './probe.ts';
import { frameAt, type FrameOptions, type VideoFrame } from './frame-at.ts';
import { sceneChanges } from './scene-changes.ts';
import type { VideoFacts } from './video-facts.ts';

/** Lets a worker stop a running tool (SIGKILL) when it shuts down; the call rejects with the signal's reason. */
export interface Abortable {
  signal?: AbortSignal | undefined;
}

/** ffmpeg/ffprobe bound to binaries and a time budget. Every failure is an `AppError`. */
export interface VideoTools {
  /** Technical facts; `video-unreadable` (422) for a missing, corrupt or truncated file. */
  probe(file: string, options?: Abortable): Promise<VideoFacts>;
  /** The RGB frame at `seconds`; `video-position-out-of-range` (422) past the end. */
  frameAt(file: string, seconds: number, options?: FrameOptions): Promise<VideoFrame>;
  /** Times of scene changes in seconds, ascending; `threshold` 0..1, default 0.3. */
  sceneChanges(file: string, threshold?: number, options?: Abortable): Promise<number[]>;
}

/** Which binaries to run and how long one run may take. */
export interface VideoToolsOptions {
  /** Unset: the npm @ffmpeg-installer build (fine for tests, too old for untrusted uploads). */
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
  /** Per tool run; past it the process is killed and the call fails with `video-tool-timeout` (503). Default 120 000. */
  timeoutMs?: number | undefined;
}

/**
 * The video toolkit of the processing worker. A source is a local path (passed as a `file:` URL
 * with only the file protocol allowed) or a presigned http(s) URL (only http, https, tcp and tls
 * allowed; read by range requests, so a frame costs a few reads, not the whole file). Either way
 * a crafted playlist cannot make ffmpeg open anything else.
 *
 *   const tools = videoTools({ ffmpegPath: config.FFMPEG_PATH, timeoutMs: config.VIDEO_TOOL_TIMEOUT_MS });
 *   const facts = await tools.probe('/tmp/job/a.mp4');
 */
export function videoTools(options: VideoToolsOptions = {}): VideoTools {
  const ffmpeg = ffmpegBinary(options.ffmpegPath);
  const ffprobe = ffprobeBinary(options.ffprobePath);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const probe = (file: string, { signal }: Abortable = {}) => probeVideo(file, { ffprobe, timeoutMs, signal });
  return {
    probe,
    frameAt: (file, seconds, frameOptions = {}) => frameAt(file, seconds, frameOptions, { ffmpeg, timeoutMs, probe }),
    sceneChanges: (file, threshold = 0.3, { signal }: Abortable = {}) => sceneChanges(file, threshold, { ffmpeg, timeoutMs, signal }),
  };
}
