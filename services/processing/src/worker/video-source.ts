import { Errors } from '@episodic/core';
import type { ObjectStore } from '@episodic/storage';

/** The address ffmpeg reads a job's video from; ask again before each tool run. */
export type VideoSource = () => Promise<string>;

/** How long read URLs live and how much life one must have left to start a tool run with. */
export interface VideoSourceOptions {
  urlExpiresSeconds: number;
  /** At least one tool run's timeout: a run started with the URL never outlives it. */
  minRemainingMs: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/**
 * A job's video as a short-lived presigned GET URL (ffmpeg reads only the ranges it needs; no
 * scratch copy). The URL is renewed when less than `minRemainingMs` of its life is left, so a
 * long job never hands ffmpeg an expired one. A missing object is a 404 before any tool runs.
 *
 *   const source = await videoSource(store, 'episodes/7/video/a.mp4', { urlExpiresSeconds: 900, minRemainingMs: 120_000 });
 *   await tools.probe(await source());
 */
export async function videoSource(store: ObjectStore, key: string, options: VideoSourceOptions): Promise<VideoSource> {
  if (!(await store.head(key))) throw Errors.notFound(`Video ${key}`);
  const lifetimeSeconds = Math.max(options.urlExpiresSeconds, Math.ceil((2 * options.minRemainingMs) / 1000));
  const now = options.now ?? Date.now;
  let current: { url: string; expiresAt: number } | undefined;
  return async () => {
    if (!current || current.expiresAt - now() < options.minRemainingMs) {
      const issuedAt = now();
      current = { url: await store.readUrl(key, lifetimeSeconds), expiresAt: issuedAt + lifetimeSeconds * 1000 };
    }
    return current.url;
  };
}
