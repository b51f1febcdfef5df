/** Raw RGB pixels with their size, as decoded from a binary PPM (P6). */
export interface RgbPixels {
  data: Buffer;
  width: number;
  height: number;
}

const HEADER = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/;

/**
 * Reads the P6 image ffmpeg writes with `-c:v ppm`: the header carries the size, so a frame needs
 * no separate probe. Returns undefined for anything else (empty or cut-short output).
 *
 *   readPpm(Buffer.concat([Buffer.from('P6\n2 1\n255\n'), Buffer.alloc(6)])) // { width: 2, height: 1, data: <6 bytes> }
 */
export function readPpm(bytes: Buffer): RgbPixels | undefined {
  const header = HEADER.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') return undefined;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const start = header[0].length;
  const data = bytes.subarray(start, start + width * height * 3);
  return data.length === width * height * 3 && width > 0 && height > 0 ? { data, width, height } : undefined;
}
