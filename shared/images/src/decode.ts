import type { Sharp } from 'sharp';
import { ImageErrors } from './image-errors.ts';
import { sharpLibrary } from './sharp-library.ts';

/** Decoded 8-bit sRGB pixels, interleaved, upright: what every rendition and the quality rating start from. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA); other layouts are converted on decode. */
  channels: 3 | 4;
}

/**
 * Decodes `bytes` into upright sRGB pixels: EXIF orientation applied, colour converted through
 * the embedded ICC profile, metadata left behind. With `maxWidth`, the pixels are scaled down to
 * at most that width (never up); JPEG and WebP then decode at a reduced size, which is cheaper
 * than scaling full-size pixels. Call after `inspectImage`; sharp's own pixel limit is a second
 * guard. Truncated or corrupt pixel data throws 422 `image-unreadable`, never a 500.
 *
 *   const image = await decodeImage(upload, limits.maxPixels);       // { data, width: 1080, height: 1920, channels: 3 }
 *   const small = await decodeImage(upload, limits.maxPixels, 640);  // { data, width: 640, height: 1138, channels: 3 }
 */
export async function decodeImage(bytes: Buffer, maxPixels: number, maxWidth?: number): Promise<RawImage> {
  const upright = await uprightPipeline(bytes, maxPixels);
  try {
    const pipeline = maxWidth === undefined ? upright : upright.resize({ width: maxWidth, withoutEnlargement: true });
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`decoded to ${info.channels} channels`);
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw ImageErrors.unreadable(error);
  }
}

/**
 * A sharp pipeline reading untrusted `bytes` upright and in sRGB (8 bits per channel), failing on
 * corrupt data and beyond `maxPixels`; outputs carry no metadata unless asked to.
 */
export async function uprightPipeline(bytes: Buffer, maxPixels: number): Promise<Sharp> {
  const sharp = await sharpLibrary();
  return sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels }).autoOrient().toColourspace('srgb');
}

/** A sharp pipeline reading a decoded image, for encoders and measurements. */
export async function fromRaw(image: RawImage): Promise<Sharp> {
  const sharp = await sharpLibrary();
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}
