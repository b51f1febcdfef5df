import { AppError } from '@episodic/core';

const ALLOWED = 'JPEG, PNG, WebP or AVIF';

/** The errors of the image pipeline; all are the client's fault and exposed to it. */
export const ImageErrors = {
  /** 415: the bytes are not an image sharp can read, or one of a format outside the allow-list. */
  unsupported: (found?: string, cause?: unknown) =>
    new AppError(
      'unsupported-media-type',
      415,
      found
        ? `The file is a ${found} image; only ${ALLOWED} images are accepted.`
        : `The file is not a readable image; only ${ALLOWED} images are accepted.`,
      { cause },
    ),
  /** 422: the header declares more pixels than the limit (a decompression bomb or a huge scan). */
  tooLarge: (width: number, height: number, maxPixels: number) =>
    new AppError(
      'image-too-large',
      422,
      `The image is ${width}×${height} (${width * height} pixels); at most ${maxPixels} pixels are accepted.`,
    ),
  /** 422: the header is fine but the pixel data is truncated or corrupt. */
  unreadable: (cause: unknown) =>
    new AppError('image-unreadable', 422, 'The image data is truncated or corrupt and cannot be decoded.', { cause }),
};
