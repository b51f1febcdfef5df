import { videoUnreadable } from './video-errors.ts';
import { stderrDetail } from './tool-stderr.ts';
import { runTool } from './tool-run.ts';
import { isUrl } from './video-input.ts';
import { factsFromProbe, type ProbeOutput, type VideoFacts } from './video-facts.ts';

/** Which ffprobe to run and how long one run may take. */
export interface ProbeContext {
  ffprobe: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Reads a video's technical facts with ffprobe, then reads one packet near the stated end: an
 * MP4 whose index sits at the front (faststart) probes fine even when its tail is missing, and a
 * truncated upload must fail here, not halfway through thumbnail generation.
 *
 *   const facts = await probeVideo('/tmp/job/a.mp4', { ffprobe, timeoutMs: 120_000 });
 */
export async function probeVideo(file: string, context: ProbeContext): Promise<VideoFacts> {
  const output = await ffprobe(file, ['-show_format', '-show_streams', '-of', 'json'], context);
  let parsed: ProbeOutput;
  try {
    parsed = JSON.parse(output.toString('utf8')) as ProbeOutput;
  } catch (error) {
    throw videoUnreadable('ffprobe gave no readable description', error);
  }
  const facts = factsFromProbe(parsed);
  if (typeof facts === 'string') throw videoUnreadable(facts);
  const nearEnd = facts.start_seconds + Math.max(0, facts.duration_seconds - 1);
  const tail = ['-select_streams', 'v:0', '-read_intervals', `${nearEnd.toFixed(3)}%+#1`, '-show_entries', 'packet=pts_time', '-of', 'csv=p=0'];
  if ((await ffprobe(file, tail, context)).toString('utf8').trim() === '') {
    throw videoUnreadable(`it ends before its stated duration of ${facts.duration_seconds} s (truncated?)`);
  }
  return facts;
}

async function ffprobe(file: string, args: string[], context: ProbeContext): Promise<Buffer> {
  const run = await runTool(
    context.ffprobe,
    ['-v', 'error', ...inputArgs(file), ...args, isUrl(file) ? file : `file:${file}`],
    { tool: 'ffprobe', timeoutMs: context.timeoutMs, signal: context.signal },
  );
  if (run.exitCode !== 0) throw videoUnreadable(stderrDetail(run.stderr, file));
  return run.stdout;
}

/** ffprobe takes its input last, without -i; the protocol limits as for ffmpeg (see videoInput). */
function inputArgs(file: string): string[] {
  return isUrl(file) ? ['-protocol_whitelist', 'http,https,tcp,tls', '-seekable', '1'] : ['-protocol_whitelist', 'file'];
}
