/** The sharp module's default export: the function that opens an image pipeline. */
export type SharpLibrary = (typeof import('sharp'))['default'];

let library: Promise<SharpLibrary> | undefined;

/**
 * sharp, loaded on first use: libvips adds 20 MB to a bare Node process and 8-9 MB to media's idle
 * RSS (128 -> 120 MB measured), which a service then pays only once it handles an image. The operation cache is turned off on load: every upload is
 * new, so cached decodes would only hold memory.
 *
 *   const sharp = await sharpLibrary();
 *   const metadata = await sharp(bytes).metadata();
 */
export function sharpLibrary(): Promise<SharpLibrary> {
  library ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return library;
}
