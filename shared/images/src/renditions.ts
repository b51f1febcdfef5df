import type { Sharp } from 'sharp';
import { fromRaw, uprightPipeline, type RawImage } from './decode.ts';
import { ImageErrors } from './image-errors.ts';
import { IMAGE_FORMATS, type ImageExtension, type ImageFormat, type ImageMime } from './formats.ts';

/** One stored file of an image: its bytes and the facts recorded next to them. */
export interface Rendition {
  buffer: Buffer;
  format: ImageFormat;
  mime: ImageMime;
  extension: ImageExtension;
  width: number;
  height: number;
  /** Always `buffer.length`; recorded so callers need not keep the buffer to know it. */
  sizeBytes: number;
}

// The original is the master copy: high quality, but encoded for speed since it is rarely served.
// Measured on a 1080p photo: Huffman optimisation made JPEG 3× slower for 10% less size; WebP effort
// 4 was 2× slower than 2 for 9% less; AVIF's default effort 4 took ~4 s, effort 0 ~0.1 s.
const ORIGINAL_JPEG = { quality: 90, optimiseCoding: false } as const;
const ORIGINAL_WEBP = { quality: 90, effort: 2 } as const;
const ORIGINAL_AVIF = { quality: 70, effort: 0 } as const;
// Derivatives are what clients download, so they keep WebP's default effort (smaller files).
const DERIVATIVE_WEBP = { quality: 80 } as const;

/**
 * Re-encodes a decoded image at full size in its own format. Only pixels go in, so the output
 * carries no EXIF, GPS, XMP or ICC data (the pixels are already upright sRGB).
 *
 *   const original = await encodeOriginal(image, 'jpeg'); // { mime: 'image/jpeg', extension: 'jpg', ... }
 */
export async function encodeOriginal(image: RawImage, format: ImageFormat): Promise<Rendition> {
  return encode(await fromRaw(image), format, withOriginalQuality(format));
}

/**
 * Re-encodes uploaded bytes at full size in their own format, upright and sRGB, straight from the
 * decoder: libvips streams the pixels through, so no full-size copy of them is ever held. Like
 * `encodeOriginal`, the output carries no EXIF, GPS, XMP or ICC data. Corrupt pixel data throws
 * 422 `image-unreadable`.
 *
 *   const original = await reencodeOriginal(upload, 'jpeg', limits.maxPixels); // { width: 1080, height: 1920, ... }
 */
export async function reencodeOriginal(bytes: Buffer, format: ImageFormat, maxPixels: number): Promise<Rendition> {
  const upright = await uprightPipeline(bytes, maxPixels);
  try {
    return await encode(upright, format, withOriginalQuality(format));
  } catch (error) {
    throw ImageErrors.unreadable(error);
  }
}

/**
 * A WebP copy `width` pixels wide; the height keeps the aspect ratio. Callers pick widths with
 * `derivativeWidths`, which never upscales.
 *
 *   const thumb = await encodeDerivative(image, 320); // { width: 320, height: 180, mime: 'image/webp', ... }
 */
export async function encodeDerivative(image: RawImage, width: number): Promise<Rendition> {
  const pixels = await fromRaw(image);
  const pipeline = width === image.width ? pixels : pixels.resize({ width });
  return encode(pipeline, 'webp', (p) => p.webp(DERIVATIVE_WEBP));
}

/**
 * The derivative widths for an image `imageWidth` wide: each configured width, never upscaled. Widths
 * at or above the image's own collapse into one derivative at its own width, so even a small image
 * gets a WebP copy for display. Order follows the configuration; duplicates are dropped.
 *
 *   derivativeWidths(1000, [1280, 640, 320]); // [1000, 640, 320]
 *   derivativeWidths(200, [1280, 640, 320]);  // [200]
 */
export function derivativeWidths(imageWidth: number, widths: readonly number[]): number[] {
  return [...new Set(widths.map((width) => Math.min(width, imageWidth)))];
}

async function encode(pipeline: Sharp, format: ImageFormat, encoder: (pipeline: Sharp) => Sharp): Promise<Rendition> {
  const { data, info } = await encoder(pipeline).toBuffer({ resolveWithObject: true });
  const { mime, extension } = IMAGE_FORMATS[format];
  return { buffer: data, format, mime, extension, width: info.width, height: info.height, sizeBytes: data.length };
}

function withOriginalQuality(format: ImageFormat): (pipeline: Sharp) => Sharp {
  switch (format) {
    case 'jpeg':
      // JPEG has no alpha: RGBA pixels (a raw video frame, say) are laid on white first.
      return (p) => p.flatten({ background: '#ffffff' }).jpeg(ORIGINAL_JPEG);
    case 'png':
      return (p) => p.png();
    case 'webp':
      return (p) => p.webp(ORIGINAL_WEBP);
    case 'avif':
      return (p) => p.avif(ORIGINAL_AVIF);
  }
}
