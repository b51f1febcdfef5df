import { expect } from 'chai';
import { AppError } from '@episodic/core';
import { DEFAULT_IMAGE_LIMITS, inspectImage, processImage } from '../src/index.ts';
import { allowedFormatOf } from '../src/formats.ts';
import { noise, pngDeclaring, rotatedJpegWithGps, solid } from '@episodic/testing';

const MAX_PIXELS = DEFAULT_IMAGE_LIMITS.maxPixels;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'expected a rejection').to.be.instanceOf(AppError);
  return error as AppError;
}

describe('media/images inspectImage', () => {
  const accepted = [
    { format: 'jpeg', mime: 'image/jpeg', encode: () => noise(64, 48).jpeg().toBuffer() },
    { format: 'png', mime: 'image/png', encode: () => noise(64, 48).png().toBuffer() },
    { format: 'webp', mime: 'image/webp', encode: () => noise(64, 48).webp().toBuffer() },
    { format: 'avif', mime: 'image/avif', encode: () => noise(64, 48).avif().toBuffer() },
  ] as const;

  for (const { format, mime, encode } of accepted) {
    it(`When the bytes are a ${format} image, then it is accepted with its format, mime and dimensions`, async () => {
      const facts = await inspectImage(await encode(), MAX_PIXELS);
      expect(facts).to.deep.equal({ format, mime, width: 64, height: 48 });
    });
  }

  it('When EXIF says the picture is rotated, then width and height are as displayed', async () => {
    const facts = await inspectImage(await rotatedJpegWithGps(), MAX_PIXELS);
    expect(facts).to.include({ width: 200, height: 300 });
  });

  const refused: Record<string, () => Promise<Buffer> | Buffer> = {
    'a GIF': () => noise(32, 32).gif().toBuffer(),
    'a TIFF': () => noise(32, 32).tiff().toBuffer(),
    'an SVG': () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32"/></svg>'),
    'a text file': () => Buffer.from('Episode 1: the harbour pilot\n'),
    'random bytes': () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)),
    'an empty buffer': () => Buffer.alloc(0),
    'a JPEG cut inside its header': async () => (await noise(64, 48).jpeg().toBuffer()).subarray(0, 40),
  };

  for (const [what, bytes] of Object.entries(refused)) {
    it(`When the bytes are ${what}, then 415 unsupported-media-type`, async () => {
      const error = await rejection(inspectImage(await bytes(), MAX_PIXELS));
      expect(error).to.include({ status: 415, code: 'unsupported-media-type', expose: true });
      expect(error.message).to.match(/only JPEG, PNG, WebP or AVIF/);
    });
  }

  it('When a format outside the allow-list is recognised, then the message names it', async () => {
    const error = await rejection(inspectImage(await noise(32, 32).gif().toBuffer(), MAX_PIXELS));
    expect(error.message).to.contain('gif');
  });

  it('When sharp reads a HEIF, then only AV1 (AVIF) is allowed, not HEVC (HEIC)', () => {
    // The prebuilt sharp cannot write HEIC, so the rule is checked on the metadata it would report.
    expect(allowedFormatOf({ format: 'heif', compression: 'av1' })).to.equal('avif');
    expect(allowedFormatOf({ format: 'heif', compression: 'hevc' })).to.equal(undefined);
  });

  it('When a tiny PNG declares 20000×20000 pixels, then 422 image-too-large naming the limit, without decoding it', async () => {
    // The pixel data behind the forged header is 64×64: decoding it would fail as corrupt, not as too large.
    const error = await rejection(processImage(await pngDeclaring(20_000, 20_000), DEFAULT_IMAGE_LIMITS));
    expect(error).to.include({ status: 422, code: 'image-too-large' });
    expect(error.message).to.contain('20000×20000').and.to.contain(String(MAX_PIXELS));
  });

  it('When a real solid-colour PNG has more pixels than the limit, then 422 image-too-large', async () => {
    const bomb = await solid(8000, 8000, '#ffffff').png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).to.be.below(1_000_000);
    const error = await rejection(processImage(bomb, DEFAULT_IMAGE_LIMITS));
    expect(error).to.include({ status: 422, code: 'image-too-large' });
  });

  it('When the pixels are exactly at the limit, then the image is accepted', async () => {
    const facts = await inspectImage(await noise(100, 50).png().toBuffer(), 5000);
    expect(facts).to.include({ width: 100, height: 50 });
    const error = await rejection(inspectImage(await noise(100, 51).png().toBuffer(), 5000));
    expect(error.code).to.equal('image-too-large');
  });
});
