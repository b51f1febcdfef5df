import { NoSuchKey, NoSuchUpload, NotFound } from '@aws-sdk/client-s3';
import { guard } from '@episodic/core';

/** One S3 request; it must pass `abortSignal` on to `s3.send`, so a timed-out call is really cancelled. */
export type S3Call<T> = (abortSignal: AbortSignal) => Promise<T>;

/** Runs S3 calls through the store's breaker. */
export type GuardedS3 = <T>(call: S3Call<T>) => Promise<T>;

/**
 * A missing object, a 404 HEAD or a multipart upload that is gone: the caller asked for something
 * that is not there. It must not count against the circuit, or a burst of bad keys would take S3
 * "down" for everyone.
 */
export function isMissingObject(error: unknown): boolean {
  return error instanceof NoSuchKey || error instanceof NotFound || error instanceof NoSuchUpload;
}

/**
 * One breaker for every call a store makes: all of them share the endpoint, the network path and
 * the credentials, so when S3 is out every kind of call is out, and after a few failures each
 * operation fails at once instead of paying its own timeouts first.
 *
 *   const send = guardS3(5000);
 *   await send((abortSignal) => s3.send(new HeadBucketCommand({ Bucket }), { abortSignal }));
 */
export function guardS3(timeoutMs: number): GuardedS3 {
  const guarded = guard('S3', (call: S3Call<unknown>) => withDeadline(timeoutMs, call), {
    timeoutMs,
    isCallerError: isMissingObject,
  });
  return <T>(call: S3Call<T>) => guarded(call) as Promise<T>;
}

/**
 * Aborts the request if no response arrived within `timeoutMs`, so the breaker's timeout does not
 * leave a socket behind. The deadline is lifted once the response is in: a GetObject body may
 * stream for much longer than the time it took S3 to answer.
 */
async function withDeadline<T>(timeoutMs: number, call: S3Call<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`S3 did not answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
