import { videoUnreadable } from './video-errors.ts';
import { stderrDetail } from './tool-stderr.ts';
import { runTool } from './tool-run.ts';
import { videoInput } from './video-input.ts';

/** Which ffmpeg to run and how long one scan may take. */
export interface SceneContext {
  ffmpeg: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Frames are compared at this width at most, scaled with fast_bilinear: shot changes score the
 * same, and a 1080p scan runs about twice as fast (bicubic to 480 was slower than no scaling).
 */
const SCAN_WIDTH = 320;

/**
 * Decodes the whole video once and returns the times (seconds from the start, ascending, 3
 * decimals) of frames whose scene score (ffmpeg's `select` filter, 0..1: how different a frame is
 * from the one before) exceeds `threshold`. `-xerror` makes a truncated or corrupt stream fail
 * instead of quietly returning the scenes before the damage.
 *
 *   await sceneChanges('/tmp/job/a.mp4', 0.3, context) // [8, 14, 20, 24]
 */
export async function sceneChanges(file: string, threshold: number, context: SceneContext): Promise<number[]> {
  const filter = [
    'setpts=PTS-STARTPTS',
    `scale=w='min(iw,${SCAN_WIDTH})':h=-2:flags=fast_bilinear`,
    `select='gt(scene,${threshold})'`,
    'metadata=print:file=pipe\\\\:1',
  ].join(',');
  const run = await runTool(
    context.ffmpeg,
    ['-hide_banner', '-nostdin', '-v', 'error', '-xerror', ...videoInput(file).args,
      '-an', '-sn', '-dn', '-vf', filter, '-f', 'null', '-'],
    { tool: 'ffmpeg', timeoutMs: context.timeoutMs, signal: context.signal },
  );
  if (run.exitCode !== 0) throw videoUnreadable(stderrDetail(run.stderr, file));
  const times = [...run.stdout.toString('utf8').matchAll(/pts_time:(-?[\d.]+)/g)].map((match) => Number(match[1]));
  return times.filter(Number.isFinite).map((time) => Math.round(time * 1000) / 1000).sort((a, b) => a - b);
}
