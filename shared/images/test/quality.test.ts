import { expect } from 'chai';
import sharp from 'sharp';
import { decodeImage, measureQuality, QUALITY_WEIGHTS, rateQuality } from '../src/index.ts';
import { luminanceOf, measureLuminance } from '../src/luminance.ts';
import { noise, photoLike, solid } from '@episodic/testing';

const rate = async (bytes: Buffer) => rateQuality(await decodeImage(bytes, 40_000_000));

describe('media/images rateQuality', () => {
  let photo: Buffer;
  before(async () => (photo = await photoLike(1280, 720)));

  it('When the frame is black, then it rates near 0', async () => {
    expect(await rate(await solid(640, 360, '#000000').png().toBuffer())).to.be.at.most(0.05);
  });

  it('When the frame is flat mid-grey, then it rates low (well exposed, but no detail)', async () => {
    const rating = await rate(await solid(640, 360, '#808080').png().toBuffer());
    expect(rating).to.be.within(0.1, 0.35);
  });

  it('When a picture is detailed and well exposed, then it rates high', async () => {
    expect(await rate(photo)).to.be.at.least(0.75);
  });

  it('When a picture is blurred, then it rates lower than the sharp original, and more blur rates lower still', async () => {
    const sharpRating = await rate(photo);
    const slightlyBlurred = await rate(await sharp(photo).blur(2).png().toBuffer());
    const veryBlurred = await rate(await sharp(photo).blur(6).png().toBuffer());
    expect(slightlyBlurred).to.be.below(sharpRating);
    expect(veryBlurred).to.be.below(slightlyBlurred);
  });

  it('When frames are black, grey, blurred and sharp, then the ratings are in that order', async () => {
    const noisy = await noise(960, 540).png().toBuffer();
    const ratings = [
      await rate(await solid(960, 540, '#000000').png().toBuffer()),
      await rate(await solid(960, 540, '#808080').png().toBuffer()),
      await rate(await sharp(noisy).blur(4).png().toBuffer()),
      await rate(noisy),
    ];
    expect(ratings).to.deep.equal([...ratings].sort((a, b) => a - b));
    expect(new Set(ratings).size, `ratings ${ratings.join(', ')}`).to.equal(4);
  });

  it('When a picture is underexposed, then exposure scores low and the rating drops', async () => {
    const dark = await sharp(photo).linear(0.15, 0).png().toBuffer();
    const measures = await measureQuality(await decodeImage(dark, 40_000_000));
    expect(measures.exposure).to.be.below(0.3);
    expect(await rate(dark)).to.be.below(await rate(photo));
  });

  it('When the weights are read, then they sum to 1', () => {
    const sum = QUALITY_WEIGHTS.sharpness + QUALITY_WEIGHTS.exposure + QUALITY_WEIGHTS.entropy;
    expect(sum).to.be.closeTo(1, 1e-9);
  });
});

describe('media/images luminance', () => {
  it('When a pixel is fully transparent, then its luminance is mid-grey whatever its colour', () => {
    expect([...luminanceOf(Buffer.from([255, 255, 255, 0, 0, 0, 0, 0, 255, 255, 255, 255]), 4)]).to.deep.equal([128, 128, 255]);
  });

  it('When the image is flat, then entropy and Laplacian are 0; when it is a checkerboard, then the Laplacian is large', () => {
    expect(measureLuminance(new Uint8Array(64).fill(90), 8, 8)).to.deep.equal({ mean: 90, clippedShare: 0, entropyBits: 0, laplacianStdev: 0 });
    const checkerboard = Uint8Array.from({ length: 64 }, (_, i) => ((i % 8) + Math.floor(i / 8)) % 2 === 0 ? 0 : 255);
    const stats = measureLuminance(checkerboard, 8, 8);
    expect(stats).to.include({ clippedShare: 1, entropyBits: 1 });
    expect(stats.laplacianStdev).to.be.above(500);
  });
});
