import { decodeImage, type RawImage } from './decode.ts';
import type { ImageFormat } from './formats.ts';
import { inspectImage } from './inspect.ts';
import type { ImageLimits } from './limits.ts';
import { rateQuality } from './quality.ts';
import { derivativeWidths, encodeDerivative, encodeOriginal, type Rendition } from './renditions.ts';

/** Everything an upload (or a video frame) turns into: the files to store and the rating to record. */
export interface ProcessedImage {
  /** Upright, metadata-free, sRGB, in the upload's own format. */
  original: Rendition;
  /** WebP copies at the configured widths (see `derivativeWidths`), in configuration order. */
  derivatives: Rendition[];
  /** 0..1 with 2 decimals (see `rateQuality`). */
  qualityRating: number;
}

/**
 * The image pipeline for untrusted bytes: check the header (415 / 422 before any decoding), decode
 * once, then encode the original and the derivatives and rate the quality from those same pixels.
 * Pure: no HTTP, database or storage; errors are `AppError`s a client may see.
 *
 *   const { original, derivatives, qualityRating } = await processImage(upload, DEFAULT_IMAGE_LIMITS);
 */
export async function processImage(bytes: Buffer, limits: ImageLimits): Promise<ProcessedImage> {
  const facts = await inspectImage(bytes, limits.maxPixels);
  const image = await decodeImage(bytes, limits.maxPixels);
  return renderImage(image, facts.format, limits.widths);
}

/**
 * The renditions and rating of pixels already decoded and trusted (a video frame from the
 * processing worker, say); `format` is the one the original is stored in.
 *
 *   const frame = await renderImage({ data, width: 1920, height: 1080, channels: 3 }, 'jpeg', [1280, 640, 320]);
 */
export async function renderImage(image: RawImage, format: ImageFormat, widths: readonly number[]): Promise<ProcessedImage> {
  // Started together so libvips' thread pool encodes them in parallel.
  const [original, derivatives, qualityRating] = await Promise.all([
    encodeOriginal(image, format),
    Promise.all(derivativeWidths(image.width, widths).map((width) => encodeDerivative(image, width))),
    rateQuality(image),
  ]);
  return { original, derivatives, qualityRating };
}
