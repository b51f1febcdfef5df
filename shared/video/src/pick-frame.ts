import { isBlankFrame, type BlankThresholds } from './frame-brightness.ts';
import { candidatePositions } from './frame-positions.ts';
import type { VideoFrame } from './frame-at.ts';
import type { VideoTools } from './video-tools.ts';

/** How far `pickFrame` may wander from the asked position, and what it decodes. */
export interface PickOptions extends BlankThresholds {
  durationSeconds: number;
  /** Furthest shift either way, in seconds (default 5). */
  maxShiftSeconds?: number;
  /** Distance between tries, in seconds (default 1, so integer positions stay integers). */
  stepSeconds?: number;
  maxWidth?: number;
  signal?: AbortSignal;
}

/**
 * The frame at `position` if it is not blank, else the first non-blank one after it (up to
 * `maxShiftSeconds`), else before it; undefined when every try was blank. The returned frame's
 * `position_seconds` says where it was found.
 *
 *   const frame = await pickFrame(tools, file, 21, { durationSeconds: 30 }); // black until 24 s → frame at 24
 */
export async function pickFrame(tools: VideoTools, file: string, position: number, options: PickOptions): Promise<VideoFrame | undefined> {
  const { durationSeconds, maxShiftSeconds = 5, stepSeconds = 1, maxWidth, signal } = options;
  for (const candidate of candidatePositions(position, durationSeconds, maxShiftSeconds, stepSeconds)) {
    const frame = await tools.frameAt(file, candidate, { maxWidth, signal });
    if (!isBlankFrame(frame, options)) return frame;
  }
  return undefined;
}
