import { AppError } from '@episodic/core';

/**
 * The video cannot be read: missing, not a video, corrupt or truncated. The caller's input is at
 * fault, so 422 (a worker sends it to the DLQ rather than retrying). `detail` is the first useful
 * ffmpeg/ffprobe stderr line, already free of our paths.
 *
 *   throw videoUnreadable('moov atom not found');
 */
export function videoUnreadable(detail: string, cause?: unknown): AppError {
  return new AppError('video-unreadable', 422, `The video cannot be read: ${detail}`, { cause });
}

/**
 * An ffmpeg/ffprobe run took longer than its budget and was killed. 503, like a guarded dependency
 * that timed out: the machine may just be busy, so a worker retries; a video that always takes
 * too long reaches the DLQ after the queue's receive limit. (504 would claim an upstream gateway.)
 */
export function videoToolTimeout(tool: string, timeoutMs: number): AppError {
  return new AppError('video-tool-timeout', 503, `${tool} did not finish within ${timeoutMs} ms and was stopped.`, { expose: true });
}

/** A frame was asked for at or past the end of the video (or before its start). */
export function positionOutOfRange(seconds: number, durationSeconds: number): AppError {
  return new AppError(
    'video-position-out-of-range',
    422,
    `There is no frame at ${seconds} s: the video lasts ${durationSeconds} s.`,
    { extensions: { position_seconds: seconds, duration_seconds: durationSeconds } },
  );
}
