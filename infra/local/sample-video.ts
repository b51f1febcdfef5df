/**
 * `npm run -s sample-video -- episode.mp4`: writes a 30 s 640×360 H.264 video of five scenes
 * (one of them black, 20–24 s) to the given file, so the README's video example has something
 * to upload and process.
 */
import { generateTestVideo } from '@episodic/testing';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run -s sample-video -- <file.mp4>');
  process.exit(2);
}
await generateTestVideo(target);
console.error(`wrote ${target} (30 s, 640×360, H.264; black from 20 to 24 s)`);
