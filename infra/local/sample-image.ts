/**
 * `npm run -s sample-image -- frame.jpg`: writes a 1920×1080 JPEG (a coastal-looking gradient with
 * a little grain) to the given file, so the README's upload example has an image to send.
 */
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run -s sample-image -- <file.jpg>');
  process.exit(2);
}
const width = 1920;
const height = 1080;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5b86b0"/><stop offset="0.6" stop-color="#f2c18d"/><stop offset="1" stop-color="#2c4a63"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#sky)"/>
  <circle cx="1450" cy="560" r="90" fill="#fbe3b0"/>
  <rect x="300" y="380" width="60" height="300" fill="#e8e4dc"/><polygon points="290,380 370,380 330,330" fill="#b33"/>
  <text x="120" y="980" font-size="64" font-family="sans-serif" fill="#f4efe6">Harbor Lights · S01E01</text>
</svg>`;
const image = await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
writeFileSync(target, image);
console.error(`wrote ${target} (${width}×${height} JPEG, ${image.length} bytes)`);
