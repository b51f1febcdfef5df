/**
 * The floor of the upload benchmark, in its own process (forked by bench/uploads.ts): what media
 * does to an upload (decode → upright original JPEG + 1280/640/320 WebP, the same encoder
 * settings) with the same concurrency as the gateway's clients, and nothing around it (no HTTP,
 * S3, database or rating). Argv: seconds, clients. Sends the `forClients` result over IPC.
 */
import sharp from 'sharp';
import { benchImage, forClients } from './uploads.ts';

async function bareSharp(image: Buffer): Promise<void> {
  const upright = sharp(image).autoOrient();
  await Promise.all([
    upright.clone().jpeg({ quality: 90, optimiseCoding: false }).toBuffer(),
    ...[1280, 640, 320].map((width) => upright.clone().resize({ width }).webp({ quality: 80 }).toBuffer()),
  ]);
}

if (process.send) {
  const [seconds, clients] = process.argv.slice(2).map(Number);
  const image = await benchImage();
  const result = await forClients(clients!, seconds!, () => bareSharp(image));
  process.send(result, () => process.disconnect());
}
