/**
 * Real-size video (issue 13), in-process against the emulator (loopback only): generates a short
 * (~20 MB) and a long (≥ 2 GB) 1080p video in a temp folder (a noisy clip, and that clip
 * concatenated with stream copy), uploads the long one in parts through presigned part URLs (4 in parallel), and
 * runs the worker's own thumbnail (10 frames) and metadata code on each, reading by presigned URL.
 * Measures upload MB/s, job times, their ratio (target ≤ 1.5) and the disk the worker writes while
 * the jobs run (it should be nothing: no scratch copy). The videos are deleted afterwards.
 *
 *   node bench/video-scale.ts        (or BENCH_PARTS=video npm run bench)
 */
import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createObjectStore, type ObjectStore } from '@episodic/storage';
import { startEmulator } from '@episodic/testing';
import { videoTools } from '@episodic/video';
import { generateFrames } from '../services/processing/src/worker/thumbnail-job.ts';
import { extractMetadata } from '../services/processing/src/worker/metadata-job.ts';
import { videoSource } from '../services/processing/src/worker/video-source.ts';
import { inParallel } from '../services/processing/src/worker/in-parallel.ts';

const run = promisify(execFile);
const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const MiB = 1024 * 1024;
const PART = 8 * MiB;

/** A noisy 1080p clip at 10 fps and 13 Mbit/s: 12 s of it is about 20 MB. */
async function clip(file: string, seconds: number): Promise<void> {
  await run(ffmpeg, ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=10:d=${seconds}`, '-vf', 'noise=alls=30:allf=t',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '13M', '-maxrate', '13M', '-bufsize', '13M', '-g', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file]);
}

/**
 * The short video is one clip; the long one is that clip concatenated (stream copy) past 2 GB, so
 * both have the same encoding and a frame costs the same to decode in either: only the size differs.
 */
async function generate(folder: string): Promise<{ short: string; long: string }> {
  const short = join(folder, 'short.mp4');
  await clip(short, 12);
  const copies = Math.ceil((2 * 1024 ** 3) / (await stat(short)).size) + 1;
  const list = join(folder, 'list.txt');
  await writeFile(list, Array.from({ length: copies }, () => `file '${short}'`).join('\n'));
  const long = join(folder, 'long.mp4');
  await run(ffmpeg, ['-hide_banner', '-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', long]);
  return { short, long };
}

async function uploadInParts(store: ObjectStore, file: string, key: string): Promise<number> {
  const size = (await stat(file)).size;
  const started = performance.now();
  const uploadId = await store.multipart.create(key, 'video/mp4');
  const handle = await open(file, 'r');
  try {
    const numbers = Array.from({ length: Math.ceil(size / PART) }, (_, i) => i + 1);
    await inParallel(numbers, 4, async (number) => {
      const bytes = Buffer.alloc(Math.min(PART, size - (number - 1) * PART));
      await handle.read(bytes, 0, bytes.length, (number - 1) * PART);
      const response = await fetch(await store.multipart.presignPart(key, uploadId, number, 3600), { method: 'PUT', body: bytes });
      if (response.status !== 200) throw new Error(`part ${number}: ${response.status}`);
    });
  } finally {
    await handle.close();
  }
  await store.multipart.complete(key, uploadId, await store.multipart.listParts(key, uploadId));
  return size / MiB / ((performance.now() - started) / 1000);
}

/** Bytes this process has caused to be written to storage (/proc/self/io): the worker's own disk use. */
async function bytesWritten(): Promise<number> {
  const io = await readFile('/proc/self/io', 'utf8').catch(() => '');
  return Number(/^write_bytes:\s*(\d+)/m.exec(io)?.[1] ?? 0);
}

/**
 * Disk use while `work` runs: what this process wrote (ffmpeg children write only to pipes), and
 * the temp file system's peak growth, sampled every 50 ms (machine-wide, so other processes count too).
 */
async function diskUse<T>(work: () => Promise<T>): Promise<{ result: T; writtenBytes: number; tempPeakBytes: number }> {
  const free = async () => { const s = await statfs(tmpdir()); return s.bavail * s.bsize; };
  const [before, written] = [await free(), await bytesWritten()];
  let peak = 0;
  const timer = setInterval(() => { free().then((now) => { peak = Math.max(peak, before - now); }, () => undefined); }, 50);
  try {
    const result = await work();
    return { result, writtenBytes: (await bytesWritten()) - written, tempPeakBytes: peak };
  } finally {
    clearInterval(timer);
  }
}

export async function videoScaleBench() {
  const folder = await mkdtemp(join(tmpdir(), 'episodic-bench-video-'));
  const emulator = await startEmulator();
  try {
    const genStarted = performance.now();
    const files = await generate(folder);
    const generateSeconds = (performance.now() - genStarted) / 1000;
    const s3 = new S3Client({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench-video' }));
    // The emulator joins a 2 GB upload in memory: give CompleteMultipartUpload minutes on a busy machine.
    const store = createObjectStore({ s3, bucket: 'bench-video', timeoutMs: 900_000 });
    const tools = videoTools({ timeoutMs: 1_800_000 });
    const results: Record<string, unknown> = { generate_seconds: Math.round(generateSeconds) };
    // Both uploads first, so neither job runs while the emulator digests a 2 GB upload.
    const uploadRates: Record<string, number> = {};
    for (const [name, file] of Object.entries(files)) uploadRates[name] = await uploadInParts(store, file, `episodes/1/video/${name}.mp4`);
    for (const [name, file] of Object.entries(files)) {
      const mbPerSecond = uploadRates[name]!;
      const source = await videoSource(store, `episodes/1/video/${name}.mp4`, { urlExpiresSeconds: 900, minRemainingMs: 600_000 });
      const job = { id: 1, episode_id: 1, job_type: 'thumbnail_generation', status: 'processing', sqs_message_id: null, job_config: { count: 10 }, error_message: null, retry_count: 0, max_retries: 3, created_at: '', started_at: null, completed_at: null } as const;
      const signal = new AbortController().signal;
      const frames = await diskUse(async () => {
        const started = performance.now();
        const done = await generateFrames({ tools, store, defaultWidths: [1280, 640, 320], concurrency: 2, signal }, job as never, source);
        return { seconds: (performance.now() - started) / 1000, frames: done.frames.length };
      });
      console.log(name, { upload_mb_per_s: Math.round(mbPerSecond), frames10_seconds: +frames.result.seconds.toFixed(2), frames: frames.result.frames });
      // A full decode: on a machine shared with other work it may exceed the tool timeout; that is reported, not fatal.
      const metadata = await diskUse(async () => {
        const started = performance.now();
        const done = await extractMetadata(tools, { ...job, job_type: 'metadata_extraction', job_config: {} } as never, source, signal)
          .catch((error: unknown) => ({ failed: String((error as Error).message) }));
        return { seconds: (performance.now() - started) / 1000, ...('failed' in done ? done : { scenes: done.scene_changes.length, duration: done.technical.duration_seconds }) };
      });
      const probeStarted = performance.now();
      await tools.probe(await source());
      results[name] = {
        bytes: (await stat(file)).size, upload_mb_per_s: Math.round(mbPerSecond), frames10_seconds: +frames.result.seconds.toFixed(2), frames: frames.result.frames,
        probe_seconds: +((performance.now() - probeStarted) / 1000).toFixed(2),
        metadata_seconds: +metadata.result.seconds.toFixed(1), metadata: metadata.result,
        worker_written_mb: +((frames.writtenBytes + metadata.writtenBytes) / MiB).toFixed(1),
        temp_disk_peak_mb_machine_wide: Math.round(Math.max(frames.tempPeakBytes, metadata.tempPeakBytes) / MiB),
      };
      console.log(name, results[name]);
    }
    const ratio = (results['long'] as { frames10_seconds: number }).frames10_seconds / (results['short'] as { frames10_seconds: number }).frames10_seconds;
    results['frames10_ratio_long_to_short'] = +ratio.toFixed(2);
    return results;
  } finally {
    await emulator.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await videoScaleBench(), null, 2));
}
