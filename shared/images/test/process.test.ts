import { expect } from 'chai';
import sharp from 'sharp';
import { AppError } from '@episodic/core';
import { DEFAULT_IMAGE_LIMITS, processImage, type ImageLimits } from '../src/index.ts';
import { hasGpsPointer, noise, rotatedJpegWithGps } from '@episodic/testing';

const LIMITS: ImageLimits = DEFAULT_IMAGE_LIMITS;

describe('media/images processImage', () => {
  it('When EXIF says orientation 6 and carries GPS, then the original is upright (swapped dimensions) with no EXIF, orientation, GPS or XMP', async () => {
    const upload = await rotatedJpegWithGps();
    const before = await sharp(upload).metadata();
    expect(before).to.include({ orientation: 6, width: 300, height: 200 });
    expect(hasGpsPointer(before.exif!)).to.equal(true);

    const { original } = await processImage(upload, LIMITS);

    expect(original).to.include({ format: 'jpeg', mime: 'image/jpeg', extension: 'jpg', width: 200, height: 300 });
    const after = await sharp(original.buffer).metadata();
    expect(after).to.include({ format: 'jpeg', width: 200, height: 300 });
    expect(after.orientation).to.equal(undefined);
    expect(after.exif).to.equal(undefined);
    expect(after.xmp).to.equal(undefined);
    expect(after.icc).to.equal(undefined);
  });

  it('When the upload is rotated by EXIF, then the pixels are turned (the left half of the stored picture ends on top)', async () => {
    const { original, derivatives } = await processImage(await rotatedJpegWithGps(), LIMITS);
    for (const rendition of [original, ...derivatives]) {
      const { data, info } = await sharp(rendition.buffer).raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
      const [topRed, , topBlue] = pixel(Math.floor(info.width / 2), Math.floor(info.height / 4));
      const [bottomRed, , bottomBlue] = pixel(Math.floor(info.width / 2), Math.floor((info.height * 3) / 4));
      expect(topRed, `${rendition.width}px top is red`).to.be.above(200);
      expect(topBlue).to.be.below(60);
      expect(bottomBlue, `${rendition.width}px bottom is blue`).to.be.above(200);
      expect(bottomRed).to.be.below(60);
    }
  });

  const originals = [
    { format: 'jpeg', extension: 'jpg', encode: () => noise(200, 100).jpeg().toBuffer() },
    { format: 'png', extension: 'png', encode: () => noise(200, 100).png().toBuffer() },
    { format: 'webp', extension: 'webp', encode: () => noise(200, 100).webp().toBuffer() },
    { format: 'avif', extension: 'avif', encode: () => noise(200, 100).avif().toBuffer() },
  ] as const;

  for (const { format, extension, encode } of originals) {
    it(`When a ${format} is uploaded, then the original stays ${format} with its dimensions and recorded size`, async () => {
      const { original } = await processImage(await encode(), LIMITS);
      expect(original).to.include({ format, mime: `image/${format}`, extension, width: 200, height: 100 });
      expect(original.sizeBytes).to.equal(original.buffer.length);
      const stored = await sharp(original.buffer).metadata();
      expect({ format: stored.format === 'heif' ? stored.compression : stored.format, width: stored.width, height: stored.height }).to.deep.equal({
        format: format === 'avif' ? 'av1' : format,
        width: 200,
        height: 100,
      });
    });
  }

  it('When the image is wider than every configured width, then one WebP derivative per width keeps the aspect ratio and records its size', async () => {
    const { derivatives } = await processImage(await noise(1600, 900).jpeg().toBuffer(), LIMITS);

    expect(derivatives.map((d) => [d.width, d.height])).to.deep.equal([
      [1280, 720],
      [640, 360],
      [320, 180],
    ]);
    for (const derivative of derivatives) {
      expect(derivative).to.include({ format: 'webp', mime: 'image/webp', extension: 'webp', sizeBytes: derivative.buffer.length });
      const stored = await sharp(derivative.buffer).metadata();
      expect(stored).to.include({ format: 'webp', width: derivative.width, height: derivative.height });
      expect(stored.exif).to.equal(undefined);
    }
  });

  it('When the image is narrower than some widths, then those collapse into one derivative at its own width (never upscaled)', async () => {
    const { derivatives } = await processImage(await noise(1000, 500).png().toBuffer(), LIMITS);
    expect(derivatives.map((d) => [d.width, d.height])).to.deep.equal([
      [1000, 500],
      [640, 320],
      [320, 160],
    ]);
  });

  it('When the image is narrower than every width, then there is one WebP derivative at its own width', async () => {
    const { derivatives } = await processImage(await noise(150, 120).webp().toBuffer(), { ...LIMITS, widths: [1280, 640, 320] });
    expect(derivatives.map((d) => [d.format, d.width, d.height])).to.deep.equal([['webp', 150, 120]]);
  });

  it('When widths are configured, then those are the derivative widths', async () => {
    const { derivatives } = await processImage(await noise(900, 600).jpeg().toBuffer(), { ...LIMITS, widths: [800, 200] });
    expect(derivatives.map((d) => [d.width, d.height])).to.deep.equal([
      [800, 533],
      [200, 133],
    ]);
  });

  it('When a transparent PNG is uploaded, then the original and derivatives keep the alpha channel', async () => {
    const upload = await sharp({ create: { width: 400, height: 200, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const { original, derivatives } = await processImage(upload, LIMITS);
    expect((await sharp(original.buffer).metadata()).hasAlpha).to.equal(true);
    expect((await sharp(derivatives[0]!.buffer).metadata()).hasAlpha).to.equal(true);
  });

  it('When a JPEG is cut off in its pixel data, then 422 image-unreadable, not a 500', async () => {
    const whole = await noise(400, 300).jpeg().toBuffer();
    const error = await processImage(whole.subarray(0, Math.floor(whole.length / 2)), LIMITS).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(AppError);
    expect(error).to.include({ status: 422, code: 'image-unreadable', expose: true });
    expect((error as AppError).message).to.match(/truncated or corrupt/);
  });

  it('When an image is processed, then the quality rating is a 0..1 number with at most 2 decimals', async () => {
    const { qualityRating } = await processImage(await noise(640, 480).jpeg().toBuffer(), LIMITS);
    expect(qualityRating).to.be.within(0, 1);
    expect(Math.round(qualityRating * 100) / 100).to.equal(qualityRating);
  });
});
