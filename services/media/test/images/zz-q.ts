import sharp from 'sharp';
import { decodeImage } from '../../src/images/index.ts';
import { fromRaw } from '../../src/images/decode.ts';
import { noise } from './image-samples.ts';
const jpeg = await noise(1920, 1080).jpeg({ quality: 85 }).toBuffer();
const image = await decodeImage(jpeg, 4e7);
const variants: Record<string, () => Promise<unknown>> = {
  current: () => fromRaw(image).flatten({ background: '#808080' }).resize({ width: 512, height: 512, fit: 'inside' }).greyscale().raw().toBuffer(),
  noFlatten: () => fromRaw(image).resize({ width: 512, height: 512, fit: 'inside' }).greyscale().raw().toBuffer(),
  linear: () => fromRaw(image).resize({ width: 512, height: 512, fit: 'inside', kernel: 'linear' }).greyscale().raw().toBuffer(),
  nearest: () => fromRaw(image).resize({ width: 512, height: 512, fit: 'inside', kernel: 'nearest' }).greyscale().raw().toBuffer(),
  statsOnly: async () => { const g = await fromRaw(image).resize({ width: 512, height: 512, fit: 'inside' }).greyscale().raw().toBuffer({ resolveWithObject: true }); return sharp(g.data, { raw: { width: g.info.width, height: g.info.height, channels: 1 } }).stats(); },
  fullStats: () => fromRaw(image).stats(),
  resizeOnly: () => fromRaw(image).resize({ width: 512, height: 512, fit: 'inside' }).raw().toBuffer(),
  rawCopyOnly: () => fromRaw(image).raw().toBuffer(),
  jpegShrink: () => sharp(jpeg).autoOrient().resize({ width: 512, height: 512, fit: 'inside' }).greyscale().raw().toBuffer(),
  jsBox: async () => { const w = image.width, h = image.height, f = 4, ow = Math.floor(w / f), oh = Math.floor(h / f); const out = new Uint8Array(ow * oh); const d = image.data; for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) { let s = 0; for (let dy = 0; dy < f; dy++) { let i = ((y * f + dy) * w + x * f) * 3; for (let dx = 0; dx < f; dx++, i += 3) s += d[i]! * 2 + d[i + 1]! * 5 + d[i + 2]!; } out[y * ow + x] = s / (8 * f * f); } return out; },
};
for (const [name, fn] of Object.entries(variants)) {
  for (let i = 0; i < 3; i += 1) await fn();
  const t = performance.now();
  for (let i = 0; i < 20; i += 1) await fn();
  console.log(name.padEnd(12), ((performance.now() - t) / 20).toFixed(1), 'ms');
}
