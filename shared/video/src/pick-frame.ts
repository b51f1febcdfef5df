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
  /** Positions other frames of the job already hold: never returned. */
  taken?: ReadonlySet<number>;
  maxWidth?: number;
  signal?: AbortSignal;
}

/**
 * The frame at `position` if it is not blank, else the first non-blank one after it (up to
 * `maxShiftSeconds`), else before it; undefined when every try was blank. Positions in `taken`
 * are skipped, so frames of one job stay distinct. The returned frame's `position_seconds` says
 * where it was found.
 *
 *   const frame = await pickFrame(tools, file, 21, { durationSeconds: 30 }); // black until 24 s → frame at 24
 */
export async function pickFrame(tools: VideoTools, file: string, position: number, options: PickOptions): Promise<VideoFrame | undefined> {
  const { durationSeconds, maxShiftSeconds = 5, stepSeconds = 1, maxWidth, signal, taken } = options;
  for (const candidate of candidatePositions(position, durationSeconds, maxShiftSeconds, stepSeconds)) {
    if (taken?.has(candidate)) continue;
    const frame = await tools.frameAt(file, candidate, { maxWidth, signal });
    if (!isBlankFrame(frame, options) && !taken?.has(frame.position_seconds)) return frame;
  }
  return undefined;
}

/**
 * Every whole second of a video ordered by distance from `position` (later first at equal
 * distance): where to look for a frame when the shifts near the position are blank or taken.
 *
 *   nearestSeconds(3, 6) // [3, 4, 2, 5, 1, 0]
 */
export function nearestSeconds(position: number, durationSeconds: number): number[] {
  const last = Math.max(0, Math.floor(durationSeconds - 1));
  const seconds: number[] = [];
  for (let distance = 0; seconds.length <= last; distance += 1) {
    if (position + distance <= last) seconds.push(position + distance);
    if (distance > 0 && position - distance >= 0) seconds.push(position - distance);
    if (position + distance > last && position - distance < 0) break;
  }
  return seconds;
}
