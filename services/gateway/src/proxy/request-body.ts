import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError, Errors } from '@episodic/core';

/** Body size limits: uploads (multipart) may be larger than JSON. */
export interface BodyLimits {
  maxBodyBytes: number;
  maxUploadBytes: number;
}

/** The limit that applies to a request, by its content type. */
export function limitFor(contentType: string | undefined, limits: BodyLimits): number {
  return /^multipart\//i.test(contentType ?? '') ? limits.maxUploadBytes : limits.maxBodyBytes;
}

/** Whether the request carries a body at all (a length above zero, or a chunked stream). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

/** Rejects a declared Content-Length above the limit before anything is forwarded. */
export function checkDeclaredLength(request: IncomingMessage, limit: number): void {
  const length = request.headers['content-length'];
  if (length !== undefined && Number(length) > limit) throw tooLarge(limit);
}

function tooLarge(limit: number): AppError {
  return Errors.tooLarge(`The request body is larger than ${limit} bytes.`);
}

/**
 * The client's body as a stream that fails once more than `limit` bytes went through (a chunked
 * upload declares no length). `failure` holds why the client's side broke, if it did, so the
 * proxy can blame the client (413, 400) rather than the service.
 */
export class CappedBody extends Transform {
  failure: AppError | undefined;
  #seen = 0;
  readonly #limit: number;

  constructor(source: IncomingMessage, limit: number) {
    super();
    this.#limit = limit;
    source.once('aborted', () => this.#fail(new AppError('client-aborted', 400, 'The client stopped sending the request body.')));
    source.once('error', () => this.#fail(new AppError('client-aborted', 400, 'The request body could not be read.')));
    source.pipe(this);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.#limit) {
      this.failure = tooLarge(this.#limit);
      callback(this.failure);
      return;
    }
    callback(null, chunk);
  }

  #fail(error: AppError): void {
    this.failure ??= error;
    this.destroy(error);
  }
}
