import type { Sharp } from 'sharp';
import { fromRaw, type RawImage } from './decode.ts';
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

// The original is the master copy, so it keeps high quality; derivatives are for display.
const ORIGINAL_QUALITY = { jpeg: 90, webp: 90, avif: 70 } as const;
const DERIVATIVE_QUALITY = 80;

/**
 * Re-encodes a decoded image at full size in its own format. Only pixels go in, so the output
 * carries no EXIF, GPS, XMP or ICC data (the pixels are already upright sRGB).
 *
 *   const original = await encodeOriginal(image, 'jpeg'); // { mime: 'image/jpeg', extension: 'jpg', ... }
 */
export function encodeOriginal(image: RawImage, format: ImageFormat): Promise<Rendition> {
  return encode(fromRaw(image), format, withOriginalQuality(format));
}

/**
 * A WebP copy `width` pixels wide; the height keeps the aspect ratio. Callers pick widths with
 * `derivativeWidths`, which never upscales.
 *
 *   const thumb = await encodeDerivative(image, 320); // { width: 320, height: 180, mime: 'image/webp', ... }
 */
export function encodeDerivative(image: RawImage, width: number): Promise<Rendition> {
  const pipeline = width === image.width ? fromRaw(image) : fromRaw(image).resize({ width });
  return encode(pipeline, 'webp', (p) => p.webp({ quality: DERIVATIVE_QUALITY }));
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
      return (p) => p.flatten({ background: '#ffffff' }).jpeg({ quality: ORIGINAL_QUALITY.jpeg });
    case 'png':
      return (p) => p.png();
    case 'webp':
      return (p) => p.webp({ quality: ORIGINAL_QUALITY.webp });
    case 'avif':
      return (p) => p.avif({ quality: ORIGINAL_QUALITY.avif });
  }
}
