import { expect } from 'chai';
import { evenlySpreadPositions, frameBrightness, isBlankFrame, type VideoFrame } from '../src/index.ts';
import { candidatePositions } from '../src/frame-positions.ts';
import { readPpm } from '../src/ppm-image.ts';
import { stderrDetail } from '../src/tool-stderr.ts';

/** A synthetic 160×90 frame whose pixel `i` has the grey `grey(i)`. */
function frameOf(grey: (i: number) => number): VideoFrame {
  const data = Buffer.alloc(160 * 90 * 3);
  for (let i = 0; i < 160 * 90; i += 1) data.fill(grey(i), i * 3, i * 3 + 3);
  return { data, width: 160, height: 90, channels: 3, position_seconds: 0 };
}

describe('video frame measures', () => {
  it('When 5 positions are spread over 30 s, then they are the whole seconds 5, 10, 15, 20, 25', () => {
    expect(evenlySpreadPositions(30, 5)).to.deep.equal([5, 10, 15, 20, 25]);
  });

  it('When the video is too short for distinct seconds, then positions stay unique, integer and inside [0, floor(d-1)]', () => {
    expect(evenlySpreadPositions(3.5, 10)).to.deep.equal([0, 1, 2]);
    expect(evenlySpreadPositions(0.4, 3)).to.deep.equal([0]);
    expect(evenlySpreadPositions(0, 3)).to.deep.equal([]);
    expect(evenlySpreadPositions(30, 0)).to.deep.equal([]);
  });

  it('When positions are tried around 21 s, then later ones come first, then earlier ones, all inside the video', () => {
    expect(candidatePositions(21, 30, 5, 1)).to.deep.equal([21, 22, 23, 24, 25, 26, 20, 19, 18, 17, 16]);
    expect(candidatePositions(28, 30, 3, 1)).to.deep.equal([28, 29, 27, 26, 25]);
  });

  it('When a frame is black, then its mean and stdev are 0 and it is blank', () => {
    const black = frameOf(() => 0);
    expect(frameBrightness(black)).to.deep.equal({ mean: 0, stdev: 0 });
    expect(isBlankFrame(black)).to.equal(true);
  });

  it('When a frame is one flat bright colour (a fade to white), then it is blank; with detail it is not', () => {
    expect(isBlankFrame(frameOf(() => 230))).to.equal(true);
    expect(isBlankFrame(frameOf((i) => (i % 2 ? 60 : 200)))).to.equal(false);
  });

  it('When thresholds are given, then they decide', () => {
    const dim = frameOf((i) => (i % 2 ? 10 : 40)); // mean 25, stdev 15
    expect(isBlankFrame(dim)).to.equal(false);
    expect(isBlankFrame(dim, { maxBlackMean: 30 })).to.equal(true);
    expect(isBlankFrame(dim, { minStdev: 20 })).to.equal(true);
  });

  it('When ffmpeg writes a P6 image, then its size and pixels are read; cut short, nothing is', () => {
    const ppm = Buffer.concat([Buffer.from('P6\n2 1\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]);
    const pixels = readPpm(ppm);
    expect(pixels).to.include({ width: 2, height: 1 });
    expect([...pixels!.data]).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(readPpm(ppm.subarray(0, ppm.length - 1))).to.equal(undefined);
    expect(readPpm(Buffer.alloc(0))).to.equal(undefined);
  });

  it('When stderr names our file, then the detail shows its base name only, without the context prefix', () => {
    const stderr = '\n[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1388d800] moov atom not found\nfile:/tmp/job/a.mp4: Invalid data\n';
    expect(stderrDetail(stderr, '/tmp/job/a.mp4')).to.equal('moov atom not found');
    expect(stderrDetail('file:/tmp/job/a.mp4: No such file or directory', '/tmp/job/a.mp4')).to.equal('a.mp4: No such file or directory');
  });
});
