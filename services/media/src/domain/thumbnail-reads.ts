import type { Thumbnail, ThumbnailDetails } from '@episodic/contracts';
import { Errors } from '@episodic/core';
import type { StoredObject } from '@episodic/storage';
import type { ThumbnailPosition } from '../data/thumbnail-repository.ts';
import type { CallerRequest } from '@episodic/episodes';
import type { MediaDeps } from './media-deps.ts';

export interface ThumbnailPageRequest {
  episodeId: number;
  type?: string;
  after?: ThumbnailPosition;
  limit: number;
}

/** The position a page ends at: the cursor of the next page. */
export const positionOf = (thumbnail: Thumbnail): ThumbnailPosition => ({ rank: thumbnail.thumbnail_type === 'primary' ? 0 : 1, id: thumbnail.id });

/** Whether a decoded cursor is a position of this list. */
export function isPosition(value: Record<string, unknown>): boolean {
  return (value['rank'] === 0 || value['rank'] === 1) && Number.isInteger(value['id']) && (value['id'] as number) > 0;
}

/** media's reads: an episode's thumbnails, one thumbnail with download URLs, its bytes. */
export function thumbnailReads(deps: MediaDeps) {
  const { thumbnails, store } = deps;

  const find = async (id: number) => {
    const thumbnail = await thumbnails.findById(id);
    if (!thumbnail) throw Errors.notFound(`Thumbnail ${id}`);
    return thumbnail;
  };

  return {
    /** One page of a live episode's thumbnails, the primary first; `next` is where the next page starts. */
    async list(request: ThumbnailPageRequest, caller: CallerRequest): Promise<{ items: Thumbnail[]; next: ThumbnailPosition | undefined }> {
      await deps.gate.requireLive(request.episodeId, caller);
      const rows = await thumbnails.listForEpisode({ episodeId: request.episodeId, type: request.type, after: request.after, take: request.limit + 1 });
      const items = rows.slice(0, request.limit);
      return { items, next: rows.length > request.limit ? positionOf(items.at(-1)!) : undefined };
    },

    /** A thumbnail with URLs that fetch the original and each rendition with a plain GET until they expire. */
    async details(id: number): Promise<ThumbnailDetails> {
      const thumbnail = await find(id);
      const expiresInSeconds = deps.urlExpiresSeconds;
      const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
      const filename = `thumbnail-${thumbnail.id}`;
      const [download_url, ...renditionUrls] = await Promise.all([
        store.presignGet(thumbnail.s3_key, { expiresInSeconds, filename: `${filename}.${extensionOf(thumbnail.s3_key)}` }),
        ...thumbnail.renditions.map((rendition) =>
          store.presignGet(rendition.s3_key, { expiresInSeconds, filename: `${filename}-${rendition.width_pixels}.webp` })),
      ]);
      return {
        ...thumbnail,
        renditions: thumbnail.renditions.map((rendition, index) => ({ ...rendition, download_url: renditionUrls[index]! })),
        download_url: download_url!,
        download_url_expires_at: expiresAt.toISOString(),
      };
    },

    /** The original image's bytes, streamed from S3, with a file name to save them as. */
    async content(id: number): Promise<{ thumbnail: Thumbnail; object: StoredObject; filename: string }> {
      const thumbnail = await find(id);
      const object = await store.get(thumbnail.s3_key);
      return { thumbnail, object, filename: `thumbnail-${thumbnail.id}.${extensionOf(thumbnail.s3_key)}` };
    },
  };
}

const extensionOf = (key: string) => key.slice(key.lastIndexOf('.') + 1);

export type ThumbnailReads = ReturnType<typeof thumbnailReads>;
