import { MAX_PART_URLS, MAX_PARTS } from '@episodic/contracts';
import { AppError } from '@episodic/core';

const MiB = 1024 * 1024;
/** S3: every part but the last is at least 5 MiB and at most 5 GiB. */
const MIN_PART = 5 * MiB;
const MAX_PART = 5 * 1024 * MiB;

/** How a file is cut into parts. */
export interface PartPlan {
  partSize: number;
  partCount: number;
}

/**
 * The part size for a file: the preferred one (at least 5 MiB), or the smallest whole number of
 * MiB that covers the file in 10,000 parts. With the default 8 MiB, files up to 78 GiB use 8 MiB
 * parts and 100 GiB uses 11 MiB, still within the local emulator's 11 MiB request limit.
 *
 *   partPlan(20 * MiB, 8 * MiB) // { partSize: 8388608, partCount: 3 }
 */
export function partPlan(sizeBytes: number, preferredBytes: number): PartPlan {
  const partSize = Math.max(preferredBytes, MIN_PART, Math.ceil(sizeBytes / MAX_PARTS / MiB) * MiB);
  if (partSize > MAX_PART) {
    throw new AppError('too-large', 413, `A file of ${sizeBytes} bytes does not fit in ${MAX_PARTS} parts of at most 5 GiB.`, { errors: [{ path: '/size_bytes', message: 'too large for a multipart upload' }] });
  }
  return { partSize, partCount: Math.max(1, Math.ceil(sizeBytes / partSize)) };
}

/** Bytes of part `number` (1-based): the part size, or what is left for the last one. */
export function partBytes(plan: PartPlan, sizeBytes: number, number: number): number {
  return number < plan.partCount ? plan.partSize : sizeBytes - plan.partSize * (plan.partCount - 1);
}

/** The part numbers asked for, checked against the upload; an out-of-range number is a 400 naming it. */
export function partRange(first: number, last: number | undefined, partCount: number): number[] {
  const end = last ?? Math.min(partCount, first + 99);
  const errors = [
    ...(first > partCount ? [{ path: '/first', message: `must be at most ${partCount}, the upload's last part` }] : []),
    ...(end > partCount ? [{ path: '/last', message: `must be at most ${partCount}, the upload's last part` }] : []),
    ...(end < first ? [{ path: '/last', message: 'must not be below first' }] : []),
    ...(end - first + 1 > MAX_PART_URLS ? [{ path: '/last', message: `at most ${MAX_PART_URLS} parts per request` }] : []),
  ];
  if (errors.length > 0) throw new AppError('validation-failed', 400, 'The part numbers are out of range.', { errors });
  return Array.from({ length: end - first + 1 }, (_, i) => first + i);
}
