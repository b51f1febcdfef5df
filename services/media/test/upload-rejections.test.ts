import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { noise, pngDeclaring } from '@episodic/testing';
import { startMedia, type Call, type MediaUnderTest } from './media-under-test.ts';
import { expectProblem, objectsOf, thumbnailRowsOf } from './media-state.ts';
import { smallJpeg, uploadForm } from './upload-forms.ts';

const MAX_UPLOAD_BYTES = 200_000;

describe('media: rejected uploads', () => {
  let app: MediaUnderTest;
  let episodeId: number;
  let png: Buffer;
  before(async () => {
    app = await startMedia({ maxUploadBytes: MAX_UPLOAD_BYTES });
    episodeId = await app.createEpisode();
    png = await noise(96, 64).png().toBuffer();
  });
  after(() => app.stop());

  const post = (body: FormData) => app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { body });

  /** Every rejection is a problem+json answer that left neither a row nor an object behind. */
  const expectRejected = async (reply: Call, status: number, code?: string) => {
    expectProblem(reply, status, code);
    expect(await thumbnailRowsOf(app, episodeId)).to.deep.equal([]);
    expect(await objectsOf(app, episodeId)).to.deep.equal([]);
  };

  it('When the image is larger than the upload limit, then 413 and nothing is stored', async () => {
    const big = await noise(400, 300).png().toBuffer();
    expect(big.length).to.be.above(MAX_UPLOAD_BYTES);
    await expectRejected(await post(uploadForm(big, { thumbnail_type: 'cover' }, 'big.png', 'image/png')), 413, 'too-large');
  });

  it('When the file is random bytes, then 415', async () => {
    await expectRejected(await post(uploadForm(randomBytes(4096), { thumbnail_type: 'cover' }, 'blob.bin', 'application/octet-stream')), 415, 'unsupported-media-type');
  });

  it('When the file is empty, then 415', async () => {
    await expectRejected(await post(uploadForm(Buffer.alloc(0), { thumbnail_type: 'cover' }, 'empty.jpg', 'image/jpeg')), 415, 'unsupported-media-type');
  });

  it('When the image comes under another field name, then 400 naming that field', async () => {
    const form = new FormData();
    form.append('thumbnail_type', 'cover');
    form.append('image', new Blob([new Uint8Array(await smallJpeg())], { type: 'image/jpeg' }), 'frame.jpg');
    const reply = await post(form);
    await expectRejected(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/image']);
  });

  it('When a text file is named .jpg and declared image/jpeg, then 415', async () => {
    const text = Buffer.from('Not a picture at all, just a text file pretending.\n'.repeat(20));
    await expectRejected(await post(uploadForm(text, { thumbnail_type: 'cover' }, 'frame.jpg', 'image/jpeg')), 415, 'unsupported-media-type');
  });

  it('When a PNG is declared as image/jpeg, then 415 naming both types', async () => {
    const reply = await post(uploadForm(png, { thumbnail_type: 'cover' }, 'frame.jpg', 'image/jpeg'));
    await expectRejected(reply, 415, 'unsupported-media-type');
    expect(reply.body.detail).to.contain('image/jpeg').and.to.contain('image/png');
  });

  for (const declared of ['image/png', 'application/octet-stream']) {
    it(`When the same PNG is declared as ${declared}, then 201 with format png`, async () => {
      const other = await app.createEpisode();
      const reply = await app.call('POST', `/api/v1/episodes/${other}/thumbnails`, { body: uploadForm(png, { thumbnail_type: 'cover' }, 'frame.png', declared) });
      expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
      expect(reply.body).to.include({ format: 'png', mime_type: 'image/png', width_pixels: 96, height_pixels: 64 });
    });
  }

  it('When a PNG declares 20000×20000 pixels (a decompression bomb), then 422 image-too-large, answered before any decoding', async () => {
    const bomb = await pngDeclaring(20_000, 20_000);
    const started = performance.now();
    const reply = await post(uploadForm(bomb, { thumbnail_type: 'cover' }, 'bomb.png', 'image/png'));
    const elapsedMs = performance.now() - started;
    await expectRejected(reply, 422, 'image-too-large');
    expect(elapsedMs, 'a decoded 400-megapixel image would take seconds and gigabytes').to.be.below(1500);
  });

  it('When the form has no file, then 400 naming /file', async () => {
    const form = new FormData();
    form.append('thumbnail_type', 'cover');
    const reply = await post(form);
    await expectRejected(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/file']);
  });

  it('When thumbnail_type is not one of the known types, then 400 naming /thumbnail_type', async () => {
    const reply = await post(uploadForm(await smallJpeg(), { thumbnail_type: 'banner' }));
    await expectRejected(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/thumbnail_type']);
  });

  it('When position_seconds is not a number, then 400 naming /position_seconds', async () => {
    const reply = await post(uploadForm(await smallJpeg(), { thumbnail_type: 'frame', position_seconds: 'abc' }));
    await expectRejected(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['/position_seconds']);
  });

  it('When the body is JSON instead of multipart/form-data, then 415', async () => {
    const reply = await app.call('POST', `/api/v1/episodes/${episodeId}/thumbnails`, { json: { thumbnail_type: 'cover', file: 'aGVsbG8=' } });
    await expectRejected(reply, 415, 'unsupported-media-type');
  });
});
