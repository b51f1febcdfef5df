/**
 * `count` whole-second positions spread evenly over a video, away from its first and last second
 * (openings and endings are often black or a slate). Thumbnails store `position_seconds` as an
 * INTEGER, so positions are integers, unique, ascending, within [0, floor(duration - 1)]; a video
 * too short for `count` distinct seconds gets fewer.
 *
 *   evenlySpreadPositions(30, 5) // [5, 10, 15, 20, 25]
 */
export function evenlySpreadPositions(durationSeconds: number, count: number): number[] {
  if (!(durationSeconds > 0) || !(count >= 1)) return [];
  const last = Math.max(0, Math.floor(durationSeconds - 1));
  const positions = new Set<number>();
  for (let i = 1; i <= Math.floor(count); i += 1) {
    positions.add(Math.min(last, Math.max(0, Math.round((i * durationSeconds) / (count + 1)))));
  }
  return [...positions].sort((a, b) => a - b);
}

/**
 * Where to look for a usable frame near `position`: the position itself, then later ones up to
 * `maxShift` seconds (a black gap usually ends in a scene), then earlier ones; all inside the video.
 *
 *   candidatePositions(21, 30, 5, 1) // [21, 22, 23, 24, 25, 26, 20, 19, 18, 17, 16]
 */
export function candidatePositions(position: number, durationSeconds: number, maxShift: number, step: number): number[] {
  const candidates = [position];
  for (let shift = step; shift <= maxShift + 1e-9; shift += step) {
    if (position + shift < durationSeconds) candidates.push(position + shift);
  }
  for (let shift = step; shift <= maxShift + 1e-9; shift += step) {
    if (position - shift >= 0) candidates.push(position - shift);
  }
  return candidates;
}
