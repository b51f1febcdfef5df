import { expect } from 'chai';
import sharp from 'sharp';
import type { Thumbnail } from '@episodic/contracts';
import { startMedia, type MediaUnderTest } from './media-under-test.ts';
import { noise, rotatedJpegWithGps } from '@episodic/testing';
import { uploadForm } from './upload-forms.ts';


describe('media: uploads', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  before(async () => {
    app = await startMedia();
    episodeId = await app.createEpisode();
  });
  after(() => app.stop());

  // AVIF encoding of a big noisy picture takes ~20 s, so its sample is small (and never upscaled).
  const samples = [
    { format: 'jpeg', width: 1600, height: 900, renditions: [1280, 640, 320] },
    { format: 'png', width: 1600, height: 900, renditions: [1280, 640, 320] },
    { format: 'webp', width: 1600, height: 900, renditions: [1280, 640, 320] },
    { format: 'avif', width: 400, height: 225, renditions: [400, 320] },
  ] as const;
  for (const { format, width, height, renditions } of samples) {
    it(`When a ${format} image is uploaded right after its episode was created, then 201 with its facts, and the original and renditions are in S3`, async () => {
      const fresh = await app.createEpisode();
      const bytes = await noise(width, height).toFormat(format).toBuffer();
      const reply = await app.call('POST', `/api/v1/episodes/${fresh}/thumbnails`, { body: uploadForm(bytes, { thumbnail_type: 'cover' }, `frame.${format}`, `image/${format}`) });
      expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
      const thumbnail = reply.body as Thumbnail;
      expect(reply.headers.get('location')).to.equal(`/api/v1/thumbnails/${thumbnail.id}`);
      expect(thumbnail).to.include({ episode_id: fresh, format, width_pixels: width, height_pixels: height, thumbnail_type: 'cover', position_seconds: null });
      expect(thumbnail.mime_type).to.equal(`image/${format}`);
      expect(thumbnail.s3_key).to.match(new RegExp(`^episodes/${fresh}/thumbnails/[0-9a-f-]{36}\\.(jpg|png|webp|avif)$`));
      expect(thumbnail.renditions.map((r) => r.width_pixels)).to.deep.equal(renditions);
      expect(thumbnail.quality_rating).to.be.within(0, 1);
      const original = await app.store.head(thumbnail.s3_key);
      expect(original).to.include({ contentLength: thumbnail.file_size_bytes, contentType: thumbnail.mime_type });
      for (const rendition of thumbnail.renditions) {
        const head = await app.store.head(rendition.s3_key);
        expect(head, rendition.s3_key).to.include({ contentLength: rendition.file_size_bytes, contentType: 'image/webp' });
        expect(rendition.height_pixels).to.equal(Math.round((rendition.width_pixels * height) / width));
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
