import type { Metadata } from 'sharp';

/** The image formats an upload may be in, named as clients know them. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif';

/** The media type stored and served for each allowed format. */
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif';

/** The file extension object keys use for each allowed format. */
export type ImageExtension = 'jpg' | 'png' | 'webp' | 'avif';

/** Mime type and extension of every allowed format; the keys are the allow-list. */
export const IMAGE_FORMATS: Readonly<Record<ImageFormat, { mime: ImageMime; extension: ImageExtension }>> = {
  jpeg: { mime: 'image/jpeg', extension: 'jpg' },
  png: { mime: 'image/png', extension: 'png' },
  webp: { mime: 'image/webp', extension: 'webp' },
  avif: { mime: 'image/avif', extension: 'avif' },
};

/**
 * The allowed format that sharp's decoder recognised in the bytes, or undefined. sharp names AVIF
 * 'heif' with compression 'av1'; a HEIC ('heif' with 'hevc') is not allowed.
 *
 *   allowedFormatOf({ format: 'heif', compression: 'av1' }); // 'avif'
 *   allowedFormatOf({ format: 'gif' });                      // undefined
 */
export function allowedFormatOf(metadata: Pick<Metadata, 'format' | 'compression'>): ImageFormat | undefined {
  switch (metadata.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
      return metadata.format;
    case 'heif':
      return metadata.compression === 'av1' ? 'avif' : undefined;
    default:
      return undefined;
  }
}
