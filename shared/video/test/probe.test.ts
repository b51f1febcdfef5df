import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { videoTools } from '../src/index.ts';
import { episodeVideo, uniquePath } from './sample-video.ts';

const run = promisify(execFile);
const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

describe('video probe', () => {
  const tools = videoTools();

  it('When a generated episode is probed, then its duration, size, codecs, rates and container are reported', async () => {
    const file = await episodeVideo();
    const facts = await tools.probe(file);
    expect(facts.duration_seconds).to.be.closeTo(30, 0.1);
    expect(facts).to.include({ width: 640, height: 360, video_codec: 'h264', audio_codec: 'aac', frame_rate: 10 });
    expect(facts.format).to.include('mp4');
    expect(facts.bit_rate).to.be.greaterThan(0);
    expect(facts.size_bytes).to.be.greaterThan(100_000);
  });

  it('When the video has no sound, then audio_codec is null', async () => {
    const file = uniquePath('silent');
    await run(ffmpeg, ['-v', 'error', '-i', await episodeVideo(), '-t', '2', '-an', '-c', 'copy', file]);
    expect((await tools.probe(file)).audio_codec).to.equal(null);
  });

  it('When the video is stored rotated 90°, then width and height and its frames are as displayed', async () => {
    const file = uniquePath('rotated');
    await run(ffmpeg, ['-v', 'error', '-i', await episodeVideo(), '-t', '3', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', file]);
    expect(await tools.probe(file)).to.include({ width: 360, height: 640 });
    expect(await tools.frameAt(file, 1)).to.include({ width: 360, height: 640 });
  });

  it('When pixels are not square (480×360 at 4:3), then the facts and frames have the display size 640×360', async () => {
    const file = uniquePath('anamorphic');
    await run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=480x360:r=10:d=2', '-vf', 'setsar=4/3',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
    expect(await tools.probe(file)).to.include({ width: 640, height: 360 });
    expect(await tools.frameAt(file, 1)).to.include({ width: 640, height: 360 });
  });
});
