import type { Thumbnail } from '@episodic/contracts';
import type { Call, MediaUnderTest, Role } from './media-under-test.ts';
import { noise } from '@episodic/testing';

/** A multipart form with the image as `file` and the given text fields. */
export function uploadForm(bytes: Buffer, fields: Record<string, string> = { thumbnail_type: 'cover' }, filename = 'frame.jpg', type = 'image/jpeg'): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

/** A small, detailed JPEG (quick to process: one 64-pixel rendition). */
export function smallJpeg(width = 64, height = 48): Promise<Buffer> {
  return noise(width, height).jpeg().toBuffer();
}

/**
 * POSTs a small JPEG (or `bytes`) to an episode as `role` (editor by default).
 *
 *   const reply = await uploadTo(app, episodeId, { fields: { thumbnail_type: 'primary' } });
 */
export async function uploadTo(
  app: MediaUnderTest,
  episodeId: number,
  options: { fields?: Record<string, string>; bytes?: Buffer; role?: Role } = {},
): Promise<Call> {
  const bytes = options.bytes ?? (await smallJpeg());
  return app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { role: options.role, body: uploadForm(bytes, options.fields ?? { thumbnail_type: 'cover' }) });
}

/** Like `uploadTo`, but fails the test unless the upload answered 201; returns the thumbnail. */
export async function uploaded(app: MediaUnderTest, episodeId: number, fields: Record<string, string> = { thumbnail_type: 'cover' }): Promise<Thumbnail> {
  const reply = await uploadTo(app, episodeId, { fields });
  if (reply.status !== 201) throw new Error(`upload answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as Thumbnail;
}
