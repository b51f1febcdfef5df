import type { IncomingMessage } from 'node:http';
import { AppError } from '@episodic/core';

/** How much upload media holds in memory at once. */
export interface AdmissionLimits {
  /** Uploads being read and processed at once. */
  maxUploads: number;
  /** Their declared bodies together (a body without a Content-Length counts as the largest allowed). */
  maxBytes: number;
  /** The largest upload body; a chunked body is charged this much. */
  maxUploadBytes: number;
  /** What a refused client is told to wait (seconds). */
  retryAfterSeconds: number;
}

/** A place taken by one upload; give it back when the upload is done, whatever happened. */
export type Release = () => void;

/**
 * Admission control for uploads: before a body is read, an upload takes a place (and its declared
 * bytes); when the places or bytes are used up it is refused with 503 and Retry-After, and its body
 * is never read. This bounds what a flood of uploads can make media buffer, whatever the clients do.
 *
 *   const release = admission.admit(ctx.req);
 *   try { ...read and store... } finally { release(); }
 */
export class UploadAdmission {
  readonly #limits: AdmissionLimits;
  #uploads = 0;
  #bytes = 0;

  constructor(limits: AdmissionLimits) {
    this.#limits = limits;
  }

  admit(request: IncomingMessage): Release {
    const bytes = chargeOf(request, this.#limits.maxUploadBytes);
    if (this.#uploads + 1 > this.#limits.maxUploads || this.#bytes + bytes > this.#limits.maxBytes) throw this.#busy();
    this.#uploads += 1;
    this.#bytes += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#uploads -= 1;
      this.#bytes -= bytes;
    };
  }

  /** Uploads and bytes admitted right now. */
  get inFlight(): { uploads: number; bytes: number } {
    return { uploads: this.#uploads, bytes: this.#bytes };
  }

  #busy(): AppError {
    return new AppError('uploads-busy', 503, `Media is taking as many uploads as it can hold; try again in ${this.#limits.retryAfterSeconds} s.`, {
      expose: true,
      extensions: { retry_after_seconds: this.#limits.retryAfterSeconds },
    });
  }
}

/** The declared length, capped at the largest upload (a larger one is refused as too large later); chunked: the largest. */
function chargeOf(request: IncomingMessage, maxUploadBytes: number): number {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared >= 0 ? Math.min(declared, maxUploadBytes) : maxUploadBytes;
}
