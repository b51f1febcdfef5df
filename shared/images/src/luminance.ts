// Pixel statistics for the quality rating, on a small greyscale image (≤ 512×512, under a millisecond).

/** Statistics of an 8-bit luminance image. */
export interface LuminanceStats {
  /** 0..255. */
  mean: number;
  /** Share of pixels at or beyond the clip points (≤ 4 or ≥ 251), where detail is lost. */
  clippedShare: number;
  /** Shannon entropy of the 256-bin histogram, 0..8 bits. */
  entropyBits: number;
  /** Standard deviation of the 4-neighbour Laplacian over interior pixels; 0 for a flat image. */
  laplacianStdev: number;
}

const CLIP_LOW = 4;
const CLIP_HIGH = 251;

/**
 * Rec. 601 luminance of interleaved 8-bit RGB or RGBA pixels; alpha blends towards mid-grey so
 * transparent areas read as flat, neither black nor white.
 *
 *   luminanceOf(Buffer.from([255, 255, 255, 0]), 4); // Uint8Array [128]
 */
export function luminanceOf(pixels: Uint8Array, channels: 3 | 4): Uint8Array {
  const luminance = new Uint8Array(pixels.length / channels);
  for (let p = 0, i = 0; p < luminance.length; p += 1, i += channels) {
    const y = (77 * pixels[i]! + 150 * pixels[i + 1]! + 29 * pixels[i + 2]!) >> 8;
    const alpha = channels === 4 ? pixels[i + 3]! / 255 : 1;
    luminance[p] = Math.round(alpha * y + (1 - alpha) * 128);
  }
  return luminance;
}

/** Mean, clipping, entropy and Laplacian spread of a `width`×`height` luminance image. */
export function measureLuminance(luminance: Uint8Array, width: number, height: number): LuminanceStats {
  const histogram = new Uint32Array(256);
  let sum = 0;
  for (const value of luminance) {
    histogram[value]! += 1;
    sum += value;
  }
  const count = Math.max(1, luminance.length);
  let clipped = 0;
  let entropyBits = 0;
  for (let value = 0; value < 256; value += 1) {
    const n = histogram[value]!;
    if (value <= CLIP_LOW || value >= CLIP_HIGH) clipped += n;
    if (n > 0) entropyBits -= (n / count) * Math.log2(n / count);
  }
  return { mean: sum / count, clippedShare: clipped / count, entropyBits, laplacianStdev: laplacianStdev(luminance, width, height) };
}

function laplacianStdev(luminance: Uint8Array, width: number, height: number): number {
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1, i = y * width + 1; x < width - 1; x += 1, i += 1) {
      const laplacian = 4 * luminance[i]! - luminance[i - 1]! - luminance[i + 1]! - luminance[i - width]! - luminance[i + width]!;
      sum += laplacian;
      squares += laplacian * laplacian;
      count += 1;
    }
  }
  if (count === 0) return 0;
  const mean = sum / count;
  return Math.sqrt(Math.max(0, squares / count - mean * mean));
}
