import { fromRaw, type RawImage } from './decode.ts';
import { luminanceOf, measureLuminance } from './luminance.ts';

/**
 * The three measures behind a quality rating, each 0..1:
 * - sharpness: standard deviation of a 4-neighbour Laplacian of the luminance, saturating: 1 - e^(-s/12).
 * - exposure: mean luminance near mid-grey, reduced by twice the share of clipped black/white pixels.
 * - entropy: luminance histogram entropy over its 8-bit maximum.
 */
export interface QualityMeasures {
  sharpness: number;
  exposure: number;
  entropy: number;
}

/** Weights of the measures; they sum to 1. Sharpness leads because blur is the usual reason a frame is useless. */
export const QUALITY_WEIGHTS: Readonly<QualityMeasures> = { sharpness: 0.45, exposure: 0.25, entropy: 0.3 };

/** The measures are taken on at most this many pixels per side: enough to see blur, cheap on a 4K frame. */
export const MEASURE_SIZE = 512;
// Laplacian stdev at which sharpness scores 1 - 1/e ≈ 0.63. At 512 px, camera photos measured
// 23-49 and the same photos blurred (sigma 3) 5-6; a flat frame measures 0.
const SHARPNESS_SCALE = 12;

/**
 * A 0..1 rating (2 decimals, stored as DECIMAL(3,2)) of how usable a picture is: a weighted sum of
 * sharpness, exposure and entropy (see `QUALITY_WEIGHTS`). A black frame rates 0, a flat grey one
 * 0.25, a crisp well-exposed photo above 0.8; blurring an image lowers its rating.
 *
 *   const rating = await rateQuality(image); // 0.87
 */
export async function rateQuality(image: RawImage): Promise<number> {
  const measures = await measureQuality(image);
  const rating =
    QUALITY_WEIGHTS.sharpness * measures.sharpness +
    QUALITY_WEIGHTS.exposure * measures.exposure +
    QUALITY_WEIGHTS.entropy * measures.entropy;
  return Math.round(Math.min(1, Math.max(0, rating)) * 100) / 100;
}

/**
 * The measures `rateQuality` weighs, taken on a copy at most 512 px per side. Downscaling happens in
 * colour (sharp would convert the full-size image to greyscale first, 4× slower); luminance is then
 * computed here, with transparent pixels over mid-grey.
 */
export async function measureQuality(image: RawImage): Promise<QualityMeasures> {
  const small = await (await fromRaw(image))
    .resize({ width: MEASURE_SIZE, height: MEASURE_SIZE, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = small.info;
  const luminance = measureLuminance(luminanceOf(small.data, image.channels), width, height);
  return {
    sharpness: 1 - Math.exp(-luminance.laplacianStdev / SHARPNESS_SCALE),
    exposure: (1 - Math.abs(luminance.mean - 128) / 128) * Math.max(0, 1 - 2 * luminance.clippedShare),
    entropy: Math.min(1, luminance.entropyBits / 8),
  };
}
