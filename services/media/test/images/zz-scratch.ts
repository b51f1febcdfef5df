import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/images/decode.ts';
import { measureQuality, rateQuality } from '../../src/images/quality.ts';
import { photoLike, noise } from './image-samples.ts';
const W = 1920, H = 1080;
const photo = await photoLike(W, H);
const noisy = await noise(W, H).jpeg().toBuffer();
const cases: Record<string, Buffer> = {
  black: await sharp({ create: { width: W, height: H, channels: 3, background: '#000' } }).png().toBuffer(),
  grey: await sharp({ create: { width: W, height: H, channels: 3, background: '#808080' } }).png().toBuffer(),
  photo, photoBlur2: await sharp(photo).blur(2).png().toBuffer(), photoBlur6: await sharp(photo).blur(6).png().toBuffer(),
  photo1280: await photoLike(1280, 720),
  noisy, noisyBlur: await sharp(noisy).blur(3).png().toBuffer(),
  dark: await sharp(photo).linear(0.2, 0).png().toBuffer(),
  f3: readFileSync('/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html/embedded-book/assets/f3.jpg'),
  verify: readFileSync('/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html/embedded-book/assets/verify.jpeg'),
  j5: readFileSync('/work/main/node_modules/autocannon/test/j5.jpeg'),
};
cases.f3blur = await sharp(cases.f3).blur(3).jpeg().toBuffer();
cases.j5blur = await sharp(cases.j5).blur(3).jpeg().toBuffer();
for (const [name, bytes] of Object.entries(cases)) {
  const image = await decodeImage(bytes, 1e8);
  const m = await measureQuality(image);
  console.log(name.padEnd(12), image.width, image.height, Object.values(m).map((v) => v.toFixed(2)).join(' '), -12 * Math.log(1 - m.sharpness), await rateQuality(image));
}
