import type { ProcessedImage } from './process.ts';

/** Where one image's objects go: the original's key and each rendition's. */
export interface ImageKeys {
  original: string;
  rendition(width: number): string;
}

/** What is recorded of one stored object (snake_case, as the thumbnail contracts name it). */
export interface StoredObjectFacts {
  s3_key: string;
  file_size_bytes: number;
  mime_type: string;
  width_pixels: number;
  height_pixels: number;
  format: string;
}

/** A processed image once in the store: the original's facts and its renditions', widest first. */
export interface StoredImage extends StoredObjectFacts {
  renditions: StoredObjectFacts[];
}

/**
 * Puts a processed image's original and renditions into a store (all at once) and returns the
 * facts to record for them. Uploads and video frames both go through here.
 *
 *   const stored = await storeImage(objectStore, image, { original: 'a/b.jpg', rendition: (w) => `a/b-${w}.webp` });
 */
export async function storeImage(
  store: { put(key: string, body: Buffer, contentType: string): Promise<void> },
  image: ProcessedImage,
  keys: ImageKeys,
): Promise<StoredImage> {
  const { original, derivatives } = image;
  await Promise.all([
    store.put(keys.original, original.buffer, original.mime),
    ...derivatives.map((derivative) => store.put(keys.rendition(derivative.width), derivative.buffer, derivative.mime)),
  ]);
  const facts = (key: string, rendition: typeof original): StoredObjectFacts => ({
    s3_key: key,
    file_size_bytes: rendition.sizeBytes,
    mime_type: rendition.mime,
    width_pixels: rendition.width,
    height_pixels: rendition.height,
    format: rendition.format,
  });
  return { ...facts(keys.original, original), renditions: derivatives.map((derivative) => facts(keys.rendition(derivative.width), derivative)) };
}
