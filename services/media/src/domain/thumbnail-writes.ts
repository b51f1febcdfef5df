import type { Transaction } from 'sequelize';
import type { Thumbnail } from '@episodic/contracts';
import { Errors } from '@episodic/core';
import pLimit from 'p-limit';
import { objectKeysOf } from '../data/thumbnail-rows.ts';
import type { NewThumbnail } from '../data/thumbnail-repository.ts';
import { processImage, storeImage } from '@episodic/images';
import type { CallerRequest } from '@episodic/episodes';
import { emit, type WriteMeta } from './events.ts';
import type { MediaDeps } from './media-deps.ts';
import { thumbnailKeys } from './object-keys.ts';

/** An image a client sent for an episode, with its form fields. */
export interface ThumbnailUpload {
  episodeId: number;
  bytes: Buffer;
  /** The media type the client declared for the file, if any. */
  declaredType?: string | undefined;
  thumbnailType: Thumbnail['thumbnail_type'];
  positionSeconds: number | null;
}

/** The type a demoted primary takes: a video frame stays a frame, any other image becomes a cover. */
const demotedType = (primary: Thumbnail) => (primary.position_seconds === null ? 'cover' : 'frame');

/**
 * Commits one thumbnail inside the caller's transaction, which already holds the episode's
 * known_episodes row (so one primary per episode): a new primary first demotes the current one,
 * then the row is inserted and thumbnail.created (naming the demoted primary) goes to the outbox.
 * Uploads and the adoption of a job's frames both come through here.
 *
 *   const thumbnail = await recordThumbnail(deps, { ...row, thumbnail_type: 'primary' }, transaction, meta);
 */
export async function recordThumbnail(
  deps: Pick<MediaDeps, 'thumbnails' | 'events'>,
  row: NewThumbnail,
  transaction: Transaction,
  meta: WriteMeta,
): Promise<Thumbnail> {
  const { thumbnails } = deps;
  let demoted: Thumbnail | null = null;
  if (row.thumbnail_type === 'primary') {
    const primary = await thumbnails.lockPrimary(row.episode_id, transaction);
    if (primary) demoted = await thumbnails.setType(primary.id, demotedType(primary), transaction);
  }
  const thumbnail = await thumbnails.insert(row, transaction);
  await emit(deps.events, transaction, { type: 'thumbnail.created', data: { thumbnail, demoted_primary: demoted } }, meta);
  return thumbnail;
}

/**
 * The bytes decide what an image is, but a client that names a specific image type and sends
 * another (a PNG declared as image/jpeg) is refused: downstream caches and CDNs trust that label.
 * A generic declaration (application/octet-stream) or none at all is fine.
 */
function assertDeclaredTypeMatches(declared: string | undefined, actual: string): void {
  const type = declared?.split(';')[0]?.trim().toLowerCase();
  if (!type || !type.startsWith('image/')) return;
  if (type === actual || (type === 'image/jpg' && actual === 'image/jpeg')) return;
  throw Errors.unsupportedMediaType(`The file was declared as ${type} but its bytes are ${actual}.`);
}

/** media's writes: store an uploaded image, delete a thumbnail. */
export function thumbnailWrites(deps: MediaDeps) {
  const { sequelize, thumbnails, known, deletions, store } = deps;
  const imageSlot = pLimit(deps.images.concurrency);

  /** Objects of an upload that did not commit: delete them now, or let the sweeper retry. */
  const abandon = async (keys: string[]) => {
    await deletions.schedule(store.bucket, keys, 0).catch(() => undefined);
    deps.sweepSoon();
  };

  return {
    /**
     * Stores an uploaded image as a thumbnail: the episode must be live; the bytes must be an
     * allowed image (415) within the pixel limit (422); the original (upright, no metadata) and
     * its renditions go to S3 first, then the row and thumbnail.created commit together. Objects
     * are registered for deletion before they are put and kept only when the row commits, so an
     * outage or crash at any point leaves neither a row without objects nor objects without a row.
     */
    async upload(upload: ThumbnailUpload, caller: CallerRequest, meta: WriteMeta): Promise<Thumbnail> {
      await deps.gate.requireLive(upload.episodeId, caller);
      const image = await imageSlot(() => processImage(upload.bytes, deps.images));
      assertDeclaredTypeMatches(upload.declaredType, image.original.mime);
      const keys = thumbnailKeys(upload.episodeId, image.original.extension);
      const allKeys = [keys.original, ...image.derivatives.map((derivative) => keys.rendition(derivative.width))];
      await deletions.schedule(store.bucket, allKeys, deps.uploadGraceSeconds);
      try {
        const stored = await storeImage(store, image, keys);
        const row: NewThumbnail = {
          ...stored,
          episode_id: upload.episodeId,
          s3_bucket: store.bucket,
          thumbnail_type: upload.thumbnailType,
          position_seconds: upload.positionSeconds,
          quality_rating: image.qualityRating,
        };
        return await sequelize.transaction(async (transaction) => {
          if ((await known.statusOf(upload.episodeId, transaction)) !== 'live') throw Errors.notFound(`Episode ${upload.episodeId}`);
          const thumbnail = await recordThumbnail(deps, row, transaction, meta);
          await deletions.cancel(allKeys, transaction);
          return thumbnail;
        });
      } catch (error) {
        await abandon(allKeys);
        throw error;
      }
    },

    /** Deletes a thumbnail: the row and thumbnail.deleted commit together with its objects' deletion, which the sweeper then does. */
    async remove(id: number, meta: WriteMeta): Promise<void> {
      await sequelize.transaction(async (transaction) => {
        const thumbnail = await thumbnails.findById(id, { transaction, lock: true });
        if (!thumbnail) throw Errors.notFound(`Thumbnail ${id}`);
        await thumbnails.remove(id, transaction);
        await deletions.schedule(thumbnail.s3_bucket, objectKeysOf(thumbnail), 0, transaction);
        await emit(deps.events, transaction, { type: 'thumbnail.deleted', data: { thumbnail, reason: 'deleted' } }, meta);
      });
      deps.sweepSoon();
    },
  };
}

export type ThumbnailWrites = ReturnType<typeof thumbnailWrites>;
