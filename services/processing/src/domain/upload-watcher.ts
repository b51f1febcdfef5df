import { PeriodicTask, type Logger } from '@episodic/core';
import type { VideoUploadRow } from '../data/video-uploads.ts';
import { emit } from './events.ts';
import type { ProcessingDeps } from './processing-deps.ts';

/** How long after its URL expired an upload may still be found (a PUT started just before expiry). */
const LATE_ARRIVAL_MS = 60_000;

/**
 * Watches S3 for the videos whose upload URLs were handed out. When one is there with the
 * promised size, it becomes the episode's video: the upload is settled and video.uploaded
 * (attributed to whoever asked for the URL) commits with it, so catalog records the key.
 * An object of another size is deleted and its upload settled as expired, as is an upload not
 * seen by its URL's expiry (plus a minute).
 */
export class UploadWatcher {
  readonly #deps: ProcessingDeps;
  readonly #logger: Logger;
  readonly #task: PeriodicTask;

  constructor(deps: ProcessingDeps, logger: Logger, intervalMs: number) {
    this.#deps = deps;
    this.#logger = logger;
    this.#task = new PeriodicTask({ name: 'video upload check', intervalMs, logger, pass: async () => {
      await this.checkOnce();
      return false;
    } });
  }

  start(): void {
    this.#task.start();
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }

  /** One look at every awaiting upload; returns how many arrived (exposed for tests). */
  async checkOnce(): Promise<number> {
    let arrived = 0;
    for (const upload of await this.#deps.uploads.awaiting(100)) {
      if (await this.#check(upload)) arrived += 1;
    }
    return arrived;
  }

  async #check(upload: VideoUploadRow): Promise<boolean> {
    const { store, uploads, sequelize, events } = this.#deps;
    const head = await store.head(upload.s3_key);
    if (head && head.contentLength === Number(upload.size_bytes)) {
      return sequelize.transaction(async (transaction) => {
        if (!(await uploads.settle(upload.id, 'arrived', transaction))) return false;
        const data = { episode_id: upload.episode_id, s3_bucket: upload.s3_bucket, s3_key: upload.s3_key, content_type: upload.content_type, size_bytes: Number(upload.size_bytes) };
        await emit(events, transaction, { type: 'video.uploaded', data }, { actor: upload.requested_by, correlationId: upload.correlation_id });
        this.#logger.info({ episodeId: upload.episode_id, key: upload.s3_key, correlationId: upload.correlation_id }, 'video arrived');
        return true;
      });
    }
    if (head) {
      // Not what the URL was issued for (the emulator does not enforce the signed length; S3 does):
      // the object is removed and the upload settled, so a client asks for a new URL.
      await store.delete([upload.s3_key]);
      await uploads.settle(upload.id, 'expired');
      this.#logger.warn({ episodeId: upload.episode_id, key: upload.s3_key, promised: Number(upload.size_bytes), seen: head.contentLength }, 'video upload refused: wrong size');
      return false;
    }
    if (Date.now() > new Date(upload.expires_at).getTime() + LATE_ARRIVAL_MS) {
      await uploads.settle(upload.id, 'expired');
      this.#logger.info({ episodeId: upload.episode_id, key: upload.s3_key }, 'video upload expired before the video arrived');
    }
    return false;
  }
}
