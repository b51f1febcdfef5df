// Images the tests generate with sharp: nothing binary is checked in.
import sharp, { type Sharp } from 'sharp';
import { crc32 } from 'node:zlib';

/** A noisy mid-grey RGB picture: detailed, well exposed, compresses poorly (like a photo). */
export function noise(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
}

/** One flat colour. */
export function solid(width: number, height: number, colour: string): Sharp {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

/** A photo-like picture: a gradient with shapes and text, rendered from SVG. */
export async function photoLike(width: number, height: number): Promise<Buffer> {
  const shapes = Array.from({ length: 40 }, (_, i) => {
    const x = (i * 137) % width;
    const y = (i * 251) % height;
    return `<circle cx="${x}" cy="${y}" r="${10 + (i % 40)}" fill="hsl(${i * 37},60%,50%)"/>` +
      `<text x="${(i * 97) % width}" y="${(i * 61) % height}" font-size="${14 + (i % 24)}" fill="hsl(${i * 53},40%,${20 + (i % 60)}%)">Harbor pilot ${i}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#246"/><stop offset="1" stop-color="#eca"/></linearGradient></defs>' +
    `<rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A picture stored 300×200 (left half red, right half blue) whose EXIF says "rotate 90° clockwise"
 * (orientation 6) and carries a GPS position: upright it is 200×300, red on top.
 */
export function rotatedJpegWithGps(): Promise<Buffer> {
  const halves = Buffer.alloc(300 * 200 * 3);
  for (let i = 0; i < 300 * 200; i += 1) {
    const red = i % 300 < 150;
    halves.set(red ? [255, 0, 0] : [0, 0, 255], i * 3);
  }
  return sharp(halves, { raw: { width: 300, height: 200, channels: 3 } })
    .withExif({ IFD0: { Make: 'Episodic test' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 20/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

/** Whether raw EXIF bytes hold a GPS directory (its pointer tag 0x8825, little-endian as sharp writes it). */
export function hasGpsPointer(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x25, 0x88]));
}

/** A valid 64×64 PNG whose header is rewritten to claim `width`×`height`: a bomb that must never be decoded. */
export async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(64, 64, '#ffffff').png().toBuffer());
  // Signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4) ... CRC over type+data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
