import sharp from 'sharp';
import { DEFAULT_IMAGE_LIMITS, processImage, decodeImage, rateQuality } from '../../src/images/index.ts';
import { encodeOriginal, encodeDerivative } from '../../src/images/renditions.ts';
import { noise } from './image-samples.ts';

const jpeg = await noise(1920, 1080).jpeg({ quality: 85 }).toBuffer();
const widths = [1280, 640, 320];
const bare = () => Promise.all(widths.map((w) => sharp(jpeg).resize({ width: w }).webp({ quality: 80 }).toBuffer()));
const bareOnce = async () => {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return Promise.all(widths.map((w) => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).resize({ width: w }).webp({ quality: 80 }).toBuffer()));
};
const ours = () => processImage(jpeg, DEFAULT_IMAGE_LIMITS);
const image = await decodeImage(jpeg, 4e7);
const parts = {
  decode: () => decodeImage(jpeg, 4e7),
  original: () => encodeOriginal(image, 'jpeg'),
  derivatives: () => Promise.all(widths.map((w) => encodeDerivative(image, w))),
  quality: () => rateQuality(image),
};

async function latency(name: string, fn: () => Promise<unknown>, n = 20) {
  for (let i = 0; i < 3; i += 1) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i += 1) await fn();
  console.log(`${name.padEnd(22)} latency ${((performance.now() - t) / n).toFixed(1)} ms`);
}
async function throughput(name: string, fn: () => Promise<unknown>, total = 64, inFlight = 8) {
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => { while (next++ < total) await fn(); }));
  const s = (performance.now() - t) / 1000;
  console.log(`${name.padEnd(22)} throughput ${(total / s).toFixed(1)} img/s (${inFlight} in flight)`);
}
for (const [name, fn] of Object.entries({ bare, bareOnce, ours })) await latency(name, fn);
for (const [name, fn] of Object.entries(parts)) await latency(`  part ${name}`, fn);
for (const [name, fn] of Object.entries({ bare, bareOnce, ours })) await throughput(name, fn);
for (const [name, fn] of Object.entries({ bare, ours })) await throughput(name, fn);
