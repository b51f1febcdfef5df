import { fork } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { SettleReport } from './settle.ts';

export type ClientsResult = Awaited<ReturnType<typeof forClients>>;

/**
 * Thumbnail uploads: a 1920×1080 JPEG posted through the gateway by `clients` concurrent clients
 * for `seconds`, against bare sharp doing the same decode → upright original + 1280/640/320 WebP
 * with the same concurrency in its own process (bench/bare-sharp.ts). The system settles before
 * each. Also samples the media service's RSS during the gateway run.
 */
export async function uploadBench(options: { gatewayUrl: string; token: string; episodeId: number; mediaPid: number; seconds: number; clients: number; cpuSeconds: () => Record<string, number>; settle: () => Promise<SettleReport> }) {
  const image = await benchImage();
  const settledBeforeGateway = await options.settle();
  const rss = sampleRss(options.mediaPid);
  const cpuBefore: Record<string, number> = options.cpuSeconds();
  const benchCpuBefore = process.cpuUsage();
  const gateway = await forClients(options.clients, options.seconds, async () => {
    const form = new FormData();
    form.append('thumbnail_type', 'frame');
    form.append('file', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'frame.jpg');
    const response = await fetch(`${options.gatewayUrl}/api/v1/episodes/${options.episodeId}/thumbnails`, {
      method: 'POST', headers: { authorization: `Bearer ${options.token}` }, body: form,
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
  });
  const mediaRssMb = rss.stop();
  const cpuAfter = options.cpuSeconds();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpuSecondsDuringGatewayUploads = {
    ...Object.fromEntries(Object.entries(cpuAfter).map(([name, seconds]) => [name, Math.round((seconds - (cpuBefore[name] ?? 0)) * 10) / 10])),
    'bench process (clients)': Math.round((benchCpu.user + benchCpu.system) / 100_000) / 10,
  };
  const settledBeforeBare = await options.settle();
  const bare = await bareSharpProcess(options.seconds, options.clients);
  return {
    image: { width: 1920, height: 1080, bytes: image.length },
    clients: options.clients,
    gateway,
    cpuSecondsDuringGatewayUploads,
    bareSharp: bare,
    ratio: Math.round((gateway.imagesPerSecond / bare.imagesPerSecond) * 100) / 100,
    target: '>= 0.85',
    mediaRssMb: { ...mediaRssMb, target: 'max <= 250' },
    settleMs: { gateway: settledBeforeGateway.ms, bare: settledBeforeBare.ms },
  };
}

/** Runs bench/bare-sharp.ts and returns what it measured. */
function bareSharpProcess(seconds: number, clients: number): Promise<ClientsResult> {
  const child = fork(join(import.meta.dirname, 'bare-sharp.ts'), [String(seconds), String(clients)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: ClientsResult | undefined;
    child.on('message', (message: ClientsResult) => (result = message));
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`bare sharp exited (code ${code}) without a result`))));
  });
}

/** A photo-like 1920×1080 JPEG: gradients, a pattern and some grain (about 0.3 MB, like a video still). */
export async function benchImage(): Promise<Buffer> {
  const width = 1920;
  const height = 1080;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      pixels[offset] = (x * 255) / width + ((x * 7919 + y * 104_729) % 31);
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = 128 + 60 * Math.sin(x / 40) * Math.cos(y / 30);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** Runs `task` in a loop on `clients` concurrent workers for `seconds`; returns throughput and latency. */
export async function forClients(clients: number, seconds: number, task: () => Promise<void>) {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      await task();
      latencies.push(performance.now() - begun);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!);
  return { images: latencies.length, imagesPerSecond: Math.round((latencies.length / elapsed) * 10) / 10, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99) };
}

/** Samples a process's RSS every 100 ms until stopped; returns the peak and the last value in MB. */
export function sampleRss(pid: number) {
  const read = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const before = read();
  let max = before;
  const timer = setInterval(() => (max = Math.max(max, read())), 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { before: Math.round(before), max: Math.round(max), after: Math.round(read()) };
    },
  };
}
