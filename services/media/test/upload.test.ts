import { expect } from 'chai';
import sharp from 'sharp';
import type { Thumbnail } from '@episodic/contracts';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { noise, rotatedJpegWithGps } from './images/image-samples.ts';

/** A multipart form with the image as `file` and the given text fields. */
export function uploadForm(bytes: Buffer, fields: Record<string, string> = { thumbnail_type: 'cover' }, filename = 'frame.jpg', type = 'image/jpeg'): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

describe('media: uploads', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  before(async () => {
    app = await startMedia();
    episodeId = await app.createEpisode();
  });
  after(() => app.stop());

  for (const format of ['jpeg', 'png', 'webp', 'avif'] as const) {
    it(`When a ${format} image is uploaded right after its episode was created, then 201 with its facts, and the original and renditions are in S3`, async () => {
      const fresh = await app.createEpisode();
      const bytes = await noise(1600, 900).toFormat(format).toBuffer();
      const reply = await app.call('POST', `/api/v1/episodes/${fresh}/thumbnails`, { body: uploadForm(bytes, { thumbnail_type: 'cover' }) });
      expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
      const thumbnail = reply.body as Thumbnail;
      expect(reply.headers.get('location')).to.equal(`/api/v1/thumbnails/${thumbnail.id}`);
      expect(thumbnail).to.include({ episode_id: fresh, format, width_pixels: 1600, height_pixels: 900, thumbnail_type: 'cover', position_seconds: null });
      expect(thumbnail.mime_type).to.equal(`image/${format}`);
      expect(thumbnail.s3_key).to.match(new RegExp(`^episodes/${fresh}/thumbnails/[0-9a-f-]{36}\\.(jpg|png|webp|avif)$`));
      expect(thumbnail.renditions.map((r) => r.width_pixels)).to.deep.equal([1280, 640, 320]);
      expect(thumbnail.quality_rating).to.be.within(0, 1);
      const original = await app.store.head(thumbnail.s3_key);
      expect(original).to.include({ contentLength: thumbnail.file_size_bytes, contentType: thumbnail.mime_type });
      for (const rendition of thumbnail.renditions) {
        const head = await app.store.head(rendition.s3_key);
        expect(head, rendition.s3_key).to.include({ contentLength: rendition.file_size_bytes, contentType: 'image/webp' });
        expect(rendition.height_pixels).to.equal(Math.round((rendition.width_pixels * 900) / 1600));
      }
    });
  }

  it('When a photo carries EXIF orientation and GPS, then the stored original is upright and has no EXIF at all', async () => {
    const reply = await app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { body: uploadForm(await rotatedJpegWithGps()) });
    expect(reply.status).to.equal(201);
    expect(reply.body).to.include({ width_pixels: 200, height_pixels: 300 });
    const stored = await app.store.get(reply.body.s3_key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    const metadata = await sharp(Buffer.concat(chunks)).metadata();
    expect(metadata).to.include({ width: 200, height: 300 });
    expect(metadata.exif).to.equal(undefined);
    expect(metadata.orientation).to.equal(undefined);
  });
});
