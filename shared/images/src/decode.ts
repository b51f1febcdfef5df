import sharp, { type Sharp } from 'sharp';
import { ImageErrors } from './image-errors.ts';

/** Decoded 8-bit sRGB pixels, interleaved, upright: what every rendition and the quality rating start from. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA); other layouts are converted on decode. */
  channels: 3 | 4;
}

/**
 * Decodes `bytes` once into upright sRGB pixels: EXIF orientation applied, colour converted through
 * the embedded ICC profile, metadata left behind. Call after `inspectImage`; sharp's own pixel limit
 * is a second guard. Truncated or corrupt pixel data throws 422 `image-unreadable`, never a 500.
 *
 *   const image = await decodeImage(upload, limits.maxPixels); // { data, width: 1080, height: 1920, channels: 3 }
 */
export async function decodeImage(bytes: Buffer, maxPixels: number): Promise<RawImage> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels })
      .autoOrient()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`decoded to ${info.channels} channels`);
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw ImageErrors.unreadable(error);
  }
}

/** A sharp pipeline reading a decoded image, for encoders and measurements. */
export function fromRaw(image: RawImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}
