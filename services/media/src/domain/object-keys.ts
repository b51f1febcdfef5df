import { randomUUID } from 'node:crypto';

/** Where one upload's objects go: `episodes/<id>/thumbnails/<uuid>.<ext>`, renditions `<uuid>-<width>.webp`. */
export interface ObjectKeys {
  original: string;
  rendition(width: number): string;
}

/**
 * New, never-reused keys for one thumbnail of an episode. The uuid makes a retried or concurrent
 * upload land beside, never over, another one's objects.
 *
 *   thumbnailKeys(42, 'jpg').original  // 'episodes/42/thumbnails/6f1d….jpg'
 */
export function thumbnailKeys(episodeId: number, extension: string): ObjectKeys {
  const base = `episodes/${episodeId}/thumbnails/${randomUUID()}`;
  return { original: `${base}.${extension}`, rendition: (width) => `${base}-${width}.webp` };
}

/** One path segment media or processing names objects with: no dot segment, no slash, no spaces. */
const SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}';

/**
 * Whether `key` is an object of the episode's thumbnails (`episodes/<id>/thumbnails/<name>`):
 * the only keys a processing job may hand media for that episode.
 *
 *   isThumbnailKeyOf(42, 'episodes/42/thumbnails/job-7-30.jpg')  // true
 *   isThumbnailKeyOf(42, 'episodes/43/thumbnails/x.jpg')         // false
 */
export function isThumbnailKeyOf(episodeId: number, key: string): boolean {
  return new RegExp(`^episodes/${episodeId}/thumbnails/${SEGMENT}$`).test(key);
}
