import type { Metadata } from 'sharp';
import { IMAGE_FORMATS, allowedFormatOf, type ImageFormat, type ImageMime } from './formats.ts';
import { ImageErrors } from './image-errors.ts';
import { sharpLibrary } from './sharp-library.ts';

/** What the header of an accepted image says; width and height are as displayed (EXIF orientation applied). */
export interface ImageFacts {
  format: ImageFormat;
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * Reads only the header of `bytes` and decides whether the pipeline may decode them: the format
 * must be on the allow-list by the bytes themselves (never the file name or declared type), and
 * width × height at most `maxPixels`. Throws 415 `unsupported-media-type` or 422 `image-too-large`.
 *
 *   const facts = await inspectImage(upload, 40_000_000); // { format: 'jpeg', mime: 'image/jpeg', width: 1080, height: 1920 }
 */
export async function inspectImage(bytes: Buffer, maxPixels: number): Promise<ImageFacts> {
  const metadata = await readHeader(bytes);
  const format = allowedFormatOf(metadata);
  if (!format) throw ImageErrors.unsupported(metadata.format);
  const { width, height } = metadata.autoOrient;
  if (width * height > maxPixels) throw ImageErrors.tooLarge(width, height, maxPixels);
  return { format, mime: IMAGE_FORMATS[format].mime, width, height };
}

/** sharp's header parse; our own check enforces the pixel limit, so sharp's is off here (it would throw a bare Error). */
async function readHeader(bytes: Buffer): Promise<Metadata> {
  const sharp = await sharpLibrary();
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    // Empty buffers throw synchronously; text, random bytes and corrupt headers reject.
    throw ImageErrors.unsupported(undefined, error);
  }
}
