// Videos the tests generate with the npm ffmpeg build: nothing binary is checked in.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/** Size and length of a generated video. */
export interface TestVideoSpec {
  seconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** A 440 Hz AAC tone next to the picture (default true). */
  audio?: boolean;
}

/** Where each scene ends, in thirtieths of the video (the layout below at 30 s). */
const SCENE_ENDS = [8, 14, 20, 24, 30];

/**
 * Writes an H.264/yuv420p MP4 (faststart) made of five distinct scenes, so tests know what every
 * second shows. At the default 30 s:
 *
 *   0–8 s   testsrc (colour bars, a counter, moving gradient)
 *   8–14 s  a flat blue field with an orange box moving across it
 *   14–20 s mandelbrot
 *   20–24 s BLACK (blank frames: thumbnails must skip them)
 *   24–30 s SMPTE bars
 *
 * so scene changes sit at 8, 14, 20 and 24 s. Other lengths scale the layout (cut points rounded
 * to whole frames). 640×360 at 10 fps, 30 s takes about 0.7 s to encode.
 *
 *   await generateTestVideo(join(tmpdir(), 'episode.mp4'));
 */
export async function generateTestVideo(file: string, spec: TestVideoSpec = {}): Promise<void> {
  const { seconds = 30, width = 640, height = 360, fps = 10, audio = true } = spec;
  const size = `${width}x${height}`;
  const cuts = [0, ...SCENE_ENDS.map((end) => Math.round((end / 30) * seconds * fps) / fps)];
  const length = (scene: number) => (cuts[scene + 1]! - cuts[scene]!).toFixed(3);
  const box = Math.max(8, Math.round(height / 4.5));
  const inputs = [
    `testsrc=s=${size}:r=${fps}:d=${length(0)}`,
    `color=c=0x2a6fb0:s=${size}:r=${fps}:d=${length(1)}`,
    `color=c=orange:s=${box}x${box}:r=${fps}:d=${length(1)}`,
    `mandelbrot=s=${size}:r=${fps}`,
    `color=c=black:s=${size}:r=${fps}:d=${length(3)}`,
    `smptebars=s=${size}:r=${fps}:d=${length(4)}`,
    ...(audio ? [`sine=f=440:d=${seconds}`] : []),
  ].flatMap((source) => ['-f', 'lavfi', '-i', source]);
  const graph = [
    `[1][2]overlay=x='t*${width / 8}':y='${height / 3}+${height / 8}*sin(t*2)':shortest=1[s1]`,
    `[3]trim=duration=${length(2)},setpts=PTS-STARTPTS[s2]`,
    ...['[0]', '[s1]', '[s2]', '[4]', '[5]'].map((input, i) => `${input}setsar=1,format=yuv420p[p${i}]`),
    '[p0][p1][p2][p3][p4]concat=n=5:v=1:a=0[v]',
  ].join(';');
  await run(ffmpeg, [
    '-hide_banner', '-nostdin', '-v', 'error', '-y', ...inputs, '-filter_complex', graph, '-map', '[v]',
    ...(audio ? ['-map', '6:a', '-c:a', 'aac', '-b:a', '64k'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file,
  ]);
}

/**
 * Copies the first `fraction` of a video's bytes: an upload cut off mid-transfer. With faststart
 * the index survives, so ffprobe still sees the full duration; only the tail is missing.
 */
export async function corruptCopy(file: string, out: string, fraction = 0.3): Promise<void> {
  const source = await open(file, 'r');
  try {
    const { size } = await source.stat();
    const head = Buffer.alloc(Math.floor(size * fraction));
    await source.read(head, 0, head.length, 0);
    await writeFile(out, head);
  } finally {
    await source.close();
  }
}

/** A file of random bytes with a video's name: no container ffmpeg knows. */
export async function garbageVideo(out: string, bytes = 100_000): Promise<void> {
  await writeFile(out, randomBytes(bytes));
}
