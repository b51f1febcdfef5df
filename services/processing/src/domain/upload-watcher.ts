import { sleep, type Logger } from '@episodic/core';
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
  readonly #intervalMs: number;
  #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(deps: ProcessingDeps, logger: Logger, intervalMs: number) {
    this.#deps = deps;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#loop) return;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    this.#loop = undefined;
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

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      try {
        await this.checkOnce();
      } catch (error) {
        this.#logger.warn({ err: error }, 'video upload check failed; will retry');
      }
      await sleep(this.#intervalMs, this.#abort.signal).catch(() => undefined);
    }
  }
}
