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
