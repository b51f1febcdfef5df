import { PeriodicTask, type Logger } from '@episodic/core';
import type { ProcessingDeps } from './processing-deps.ts';

/** Where processing's multipart uploads live in the bucket. */
const VIDEO_PREFIX = 'episodes/';
const BATCH = 100;

/**
 * Aborts multipart uploads never completed (VIDEO_UPLOAD_EXPIRES_HOURS), so S3 deletes their
 * parts: first those whose row is overdue (the row becomes `expired`), then any upload under the
 * video prefix older than the expiry that no row led to (the process died between S3's create and
 * the row's insert). In AWS the bucket's lifecycle rule (AbortIncompleteMultipartUpload) does the
 * same as a backstop.
 */
export class UploadSweeper {
  readonly #deps: ProcessingDeps;
  readonly #logger: Logger;
  readonly #task: PeriodicTask;

  constructor(deps: ProcessingDeps, logger: Logger, intervalMs: number) {
    this.#deps = deps;
    this.#logger = logger;
    this.#task = new PeriodicTask({ name: 'video upload sweep', intervalMs, logger, pass: async () => (await this.sweepOnce()) >= BATCH });
  }

  start(): void {
    this.#task.start();
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }

  /** One pass; returns how many uploads it aborted (exposed for tests). */
  async sweepOnce(now = new Date()): Promise<number> {
    const { uploads, store } = this.#deps;
    let aborted = 0;
    for (const upload of await uploads.overdueMultipart(now, BATCH)) {
      await store.multipart.abort(upload.s3_key, upload.s3_upload_id!);
      if (await uploads.settle(upload.id, 'expired')) aborted += 1;
      this.#logger.info({ episodeId: upload.episode_id, uploadId: upload.id, key: upload.s3_key }, 'multipart video upload expired: aborted, parts deleted');
    }
    const oldest = now.getTime() - this.#deps.videoUploads.expiresHours * 3_600_000;
    for (const open of (await store.multipart.listOpen(VIDEO_PREFIX)).filter((upload) => upload.key.includes('/video/') && upload.initiated.getTime() < oldest)) {
      await store.multipart.abort(open.key, open.uploadId);
      aborted += 1;
      this.#logger.warn({ key: open.key, initiated: open.initiated }, 'multipart upload without a live row aborted');
    }
    return aborted;
  }
}
