import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError, Errors } from '@episodic/core';

/** A multipart/form-data body read into memory: its text fields and its one file. */
export interface MultipartUpload {
  fields: Record<string, string>;
  /** The part named `fileField`, or undefined when the form had none. */
  file: { bytes: Buffer; filename: string | undefined; declaredType: string | undefined } | undefined;
}

export interface MultipartLimits {
  /** Largest file (bytes); more is a 413. */
  maxFileBytes: number;
  /** The form field that carries the file. */
  fileField: string;
}

const FIELD_LIMITS = { fields: 10, fieldSize: 1024, files: 1, parts: 12, fieldNameSize: 100 } as const;

/**
 * Reads an upload form with busboy, holding at most `maxFileBytes` of file in memory. Anything
 * but multipart/form-data is a 415; a file over the limit a 413 (the rest of the body is drained,
 * not buffered); a second file, a file under another name or a malformed body a 400.
 *
 *   const { fields, file } = await readMultipart(ctx.req, { maxFileBytes: 15 << 20, fileField: 'file' });
 */
export function readMultipart(request: IncomingMessage, limits: MultipartLimits): Promise<MultipartUpload> {
  if (!/^multipart\/form-data\s*;/i.test(request.headers['content-type'] ?? '')) {
    return Promise.reject(Errors.unsupportedMediaType('Send the image as multipart/form-data with a `file` field.'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: MultipartUpload['file'];
    let failure: AppError | undefined;
    const fail = (error: AppError) => {
      failure ??= error;
      request.unpipe(parser);
      request.resume();
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { ...FIELD_LIMITS, fileSize: limits.maxFileBytes } });
    } catch {
      reject(Errors.badRequest('The multipart body has no boundary.'));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(Errors.badRequest(`The form field "${name}" is too long.`));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== limits.fileField) {
        stream.resume();
        fail(Errors.validation([{ path: `/${name}`, message: `is not an accepted field; send the image as "${limits.fileField}"` }], 'The upload form is not valid.'));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(Errors.tooLarge(`The image is larger than ${limits.maxFileBytes} bytes.`)));
      stream.on('close', () => {
        if (!stream.truncated) file = { bytes: Buffer.concat(chunks), filename: info.filename, declaredType: info.mimeType };
      });
    });
    parser.on('filesLimit', () => fail(Errors.badRequest('Send one file per upload.')));
    parser.on('fieldsLimit', () => fail(Errors.badRequest('The upload form has too many fields.')));
    parser.on('partsLimit', () => fail(Errors.badRequest('The upload form has too many parts.')));
    parser.on('error', () => fail(Errors.badRequest('The multipart body is malformed.')));
    parser.on('close', () => (failure ? reject(failure) : resolve({ fields, file })));
    request.on('end', () => failure && reject(failure));
    // A client that hangs up mid-body ends neither the parser nor the request: settle here, or its upload admission place would never come back.
    request.on('close', () => {
      if (request.complete) return;
      fail(new AppError('client-aborted', 400, 'The client stopped sending the upload.'));
      reject(failure);
    });
    request.pipe(parser);
  });
}
