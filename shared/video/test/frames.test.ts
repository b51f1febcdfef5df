import { expect } from 'chai';
import { isBlankFrame, pickFrame, videoTools } from '../src/index.ts';
import { episodeVideo, rejection } from './sample-video.ts';

describe('video frames', () => {
  const tools = videoTools();

  it('When a frame is taken, then it is 640×360 RGB at the asked position', async () => {
    const frame = await tools.frameAt(await episodeVideo(), 3);
    expect(frame).to.include({ width: 640, height: 360, channels: 3, position_seconds: 3 });
    expect(frame.data.length).to.equal(640 * 360 * 3);
  });

  it('When maxWidth is smaller than the video, then the frame is scaled down keeping the aspect', async () => {
    const frame = await tools.frameAt(await episodeVideo(), 3, { maxWidth: 320 });
    expect(frame).to.include({ width: 320, height: 180 });
    expect(frame.data.length).to.equal(320 * 180 * 3);
  });

  it('When frames come from the black segment (20–24 s), then they are blank and frames of every other scene are not', async () => {
    const file = await episodeVideo();
    for (const seconds of [20, 21, 23.5]) expect(isBlankFrame(await tools.frameAt(file, seconds)), `${seconds} s`).to.equal(true);
    for (const seconds of [0, 4, 10, 16, 19, 24, 28]) expect(isBlankFrame(await tools.frameAt(file, seconds)), `${seconds} s`).to.equal(false);
  });

  it('When the position is at or past the end, then it is video-position-out-of-range (422)', async () => {
    const file = await episodeVideo();
    for (const seconds of [30, 45]) {
      const error = await rejection(tools.frameAt(file, seconds));
      expect(error).to.include({ code: 'video-position-out-of-range', status: 422 });
    }
  });

  it('When the position falls after the last frame started (29.95 s), then the frame one second before the end comes back', async () => {
    const frame = await tools.frameAt(await episodeVideo(), 29.95);
    expect(frame).to.include({ width: 640, position_seconds: 29 });
  });

  it('When the position is negative, then it is a bad request', async () => {
    expect(await rejection(tools.frameAt(await episodeVideo(), -1))).to.include({ code: 'bad-request', status: 400 });
  });

  it('When pickFrame lands in the black segment at 21 s, then it moves forward to the first non-blank second (24 s)', async () => {
    const frame = await pickFrame(tools, await episodeVideo(), 21, { durationSeconds: 30 });
    expect(frame?.position_seconds).to.equal(24);
    expect(isBlankFrame(frame!)).to.equal(false);
  });

  it('When nothing later is usable within maxShift, then pickFrame looks earlier', async () => {
    const frame = await pickFrame(tools, await episodeVideo(), 21, { durationSeconds: 30, maxShiftSeconds: 2 });
    expect(frame?.position_seconds).to.equal(19);
  });

  it('When every try is blank, then pickFrame returns undefined', async () => {
    const frame = await pickFrame(tools, await episodeVideo(), 22, { durationSeconds: 30, maxShiftSeconds: 1 });
    expect(frame).to.equal(undefined);
  });

  it('When the frame at the position is usable, then pickFrame returns it unmoved', async () => {
    const frame = await pickFrame(tools, await episodeVideo(), 5, { durationSeconds: 30, maxWidth: 160 });
    expect(frame).to.include({ position_seconds: 5, width: 160, height: 90 });
  });
});
