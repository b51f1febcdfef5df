import type { VideoFrame } from './frame-at.ts';

/** Grid points sampled per frame: enough for a stable mean/stdev, cheap even at 4K. */
const SAMPLES = 16384;

/**
 * Mean and standard deviation of the frame's luma (BT.601, 0..255), from an even grid of about
 * 16k pixels rather than all of them.
 *
 *   frameBrightness(blackFrame) // { mean: 0, stdev: 0 }
 */
export function frameBrightness(frame: VideoFrame): { mean: number; stdev: number } {
  const step = Math.max(1, Math.floor(Math.sqrt((frame.width * frame.height) / SAMPLES)));
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (let y = Math.floor(step / 2); y < frame.height; y += step) {
    for (let x = Math.floor(step / 2); x < frame.width; x += step) {
      const i = (y * frame.width + x) * 3;
      const luma = 0.299 * frame.data[i]! + 0.587 * frame.data[i + 1]! + 0.114 * frame.data[i + 2]!;
      sum += luma;
      squares += luma * luma;
      count += 1;
    }
  }
  const mean = sum / count;
  return { mean, stdev: Math.sqrt(Math.max(0, squares / count - mean * mean)) };
}

/** When a frame counts as blank; the defaults suit broadcast video. */
export interface BlankThresholds {
  /** Mean luma below this is black. 16 is "video black" in limited-range YUV; dark scenes sit well above. */
  maxBlackMean?: number;
  /** Luma stdev below this is one flat colour: a fade, a slate, a frozen colour field. 6 keeps a sky with a horizon. */
  minStdev?: number;
}

/**
 * Whether a frame is useless as a thumbnail: black (mean luma < 16) or flat (stdev < 6, e.g. the
 * middle of a fade to white or to one colour).
 *
 *   isBlankFrame(await tools.frameAt(file, 21)) // true inside a black segment
 */
export function isBlankFrame(frame: VideoFrame, thresholds: BlankThresholds = {}): boolean {
  const { mean, stdev } = frameBrightness(frame);
  return mean < (thresholds.maxBlackMean ?? 16) || stdev < (thresholds.minStdev ?? 6);
}
