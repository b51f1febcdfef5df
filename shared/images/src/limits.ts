/**
 * How far the image pipeline goes for one upload: the decompression-bomb guard and the widths of
 * the WebP derivatives. The service's config fills this from its env vars; tests pass their own.
 *
 *   processImage(bytes, { ...DEFAULT_IMAGE_LIMITS, widths: [800, 400] });
 */
export interface ImageLimits {
  /** Largest width × height accepted (after EXIF orientation); more answers 422 before decoding. */
  maxPixels: number;
  /** Target widths of the WebP derivatives, in pixels, largest first by convention. */
  widths: readonly number[];
}

/** 40 megapixels (a full-frame camera still passes, a 20000×20000 bomb does not) and 1280/640/320. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = Object.freeze({
  maxPixels: 40_000_000,
  widths: Object.freeze([1280, 640, 320]),
});
