import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderImage } from '@episodic/images';
import { evenlySpreadPositions, pickFrame, videoTools } from '@episodic/video';

const FRAMES = 10;
const WIDTHS = [1280, 640, 320];

/**
 * A thumbnail_generation job for 10 frames of a 10-minute 1920×1080 video, through the API from
 * the request to `completed`, against a bare script doing the same ffmpeg extraction and sharp
 * encoding in this process (no queue, no S3, no database). The video is generated once and kept
 * in the temp folder: 1 fps and a high CRF keep it under the emulator's 11 MiB request limit
 * (a single presigned PUT; real S3 takes up to 5 GB), while every frame is still a full 1080p one.
 */
export async function processingBench(options: { gatewayUrl: string; token: string }) {
  const file = join(tmpdir(), 'episodic-bench-600s-1080p-1fps.mp4');
  if (!existsSync(file)) await generateBenchVideo(file);
  const api = await throughApi(options, file);
  const bare = await bareScript(file);
  return { video: { seconds: 600, width: 1920, height: 1080, bytes: (await stat(file)).size }, frames: FRAMES, api, bare, ratio: Math.round((api.ms / bare.ms) * 100) / 100, target: '<= 1.5' };
}

async function throughApi({ gatewayUrl, token }: { gatewayUrl: string; token: string }, file: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${gatewayUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const get = async (path: string) => (await (await fetch(`${gatewayUrl}${path}`, { headers })).json()) as Record<string, unknown>;
  const episode = await post('/api/v1/episodes', { show_name: 'Bench video', season_number: 1, episode_number: Date.now() % 100000, episode_title: 'Ten minutes' });
  const bytes = await readFile(file);
  const ticket = await post(`/api/v1/episodes/${episode['id']}/video`, { content_type: 'video/mp4', size_bytes: bytes.length });
  const put = await fetch(String(ticket['upload_url']), { method: 'PUT', headers: ticket['headers'] as Record<string, string>, body: new Uint8Array(bytes) });
  if (put.status !== 200) throw new Error(`the video PUT answered ${put.status}: ${await put.text()}`);
  await until(async () => (await get(`/api/v1/episodes/${episode['id']}`))['raw_video_s3_key'] === ticket['s3_key']);

  const started = performance.now();
  const job = await post(`/api/v1/episodes/${episode['id']}/process`, { job_type: 'thumbnail_generation', config: { count: FRAMES } });
  const done = await until(async () => {
    const current = await get(`/api/v1/processing-queue/${job['id']}`);
    return ['completed', 'failed'].includes(String(current['status'])) ? current : undefined;
  });
  if (done['status'] !== 'completed') throw new Error(`the bench job failed: ${done['error_message']}`);
  return { ms: Math.round(performance.now() - started) };
}

async function bareScript(file: string) {
  const started = performance.now();
  const tools = videoTools();
  const facts = await tools.probe(file);
  for (const position of evenlySpreadPositions(facts.duration_seconds, FRAMES)) {
    const frame = await pickFrame(tools, file, position, { durationSeconds: facts.duration_seconds });
    if (frame) await renderImage(frame, 'jpeg', WIDTHS);
  }
  return { ms: Math.round(performance.now() - started) };
}

/** 10 minutes of ffmpeg's testsrc2 at 1920×1080, 1 fps, H.264 (about 8 MB). */
async function generateBenchVideo(file: string): Promise<void> {
  const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  await promisify(execFile)(ffmpeg, [
    '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=1:duration=600',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '42', '-g', '10', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file,
  ]);
}

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
