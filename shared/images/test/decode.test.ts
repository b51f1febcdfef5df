import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { DEFAULT_IMAGE_LIMITS, decodeImage, processImage, rateQuality } from '../src/index.ts';
import { photoLike, rotatedJpegWithGps } from '@episodic/testing';

const MAX_PIXELS = DEFAULT_IMAGE_LIMITS.maxPixels;

describe('media/images decodeImage', () => {
  it('When a maximum width is given, then the pixels are scaled down to it keeping the aspect ratio, and never up', async () => {
    const photo = await photoLike(1600, 900);
    expect(await decodeImage(photo, MAX_PIXELS, 640)).to.include({ width: 640, height: 360 });
    expect(await decodeImage(photo, MAX_PIXELS, 4000)).to.include({ width: 1600, height: 900 });
  });

  it('When an EXIF-rotated upload is decoded to a maximum width, then the width is the upright one', async () => {
    expect(await decodeImage(await rotatedJpegWithGps(), MAX_PIXELS, 100)).to.include({ width: 100, height: 150 });
  });

  it('When an upload is processed, then its rating is the one of its full-size pixels (renditions and rating come from a smaller decode)', async () => {
    const photo = await photoLike(2400, 1350);
    const { qualityRating } = await processImage(photo, DEFAULT_IMAGE_LIMITS);
    expect(qualityRating).to.be.closeTo(await rateQuality(await decodeImage(photo, MAX_PIXELS)), 0.03);
  });
});

describe('media/images sharp loading', () => {
  it('When the package is imported, then libvips is not loaded until the first image is read', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      const libvipsLoaded = () => readFileSync('/proc/self/maps', 'utf8').includes('libvips');
      const images = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
      const before = libvipsLoaded();
      await images.inspectImage(Buffer.from('not an image'), 100).catch(() => undefined);
      console.log(JSON.stringify({ before, after: libvipsLoaded() }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.status, child.stderr).to.equal(0);
    expect(JSON.parse(child.stdout)).to.deep.equal({ before: false, after: true });
  });
});
