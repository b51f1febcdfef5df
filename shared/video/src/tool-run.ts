import { spawn } from 'node:child_process';
import { AppError } from '@episodic/core';
import { videoToolTimeout } from './video-errors.ts';

/** What one finished ffmpeg/ffprobe run left behind. */
export interface ToolRun {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
}

/** How long a run may take, how much it may print, and who may stop it. */
export interface RunLimits {
  /** Name used in errors ("ffmpeg"), never the binary's path. */
  tool: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** stdout beyond this kills the run (a frame of a huge video must not eat the worker's memory). */
  maxStdoutBytes?: number;
}

const STDERR_KEEP = 64 * 1024;
const DEFAULT_MAX_STDOUT = 256 * 1024 * 1024;

/**
 * Runs a binary without a shell, collecting stdout as bytes and the start of stderr as text.
 * It never hangs and never leaves a process behind: past `timeoutMs`, on `signal` abort or on too
 * much output the child gets SIGKILL, and the promise settles only once the child has exited.
 * A non-zero exit code is returned, not thrown: the caller knows what it means.
 *
 *   const run = await runTool(ffprobe, ['-v', 'error', 'file:/tmp/a.mp4'], { tool: 'ffprobe', timeoutMs: 5000 });
 */
export function runTool(binary: string, args: string[], limits: RunLimits): Promise<ToolRun> {
  const { signal } = limits;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: unknown;
    const stop = (reason: unknown) => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop(signal?.reason);
    const timer = setTimeout(() => stop(videoToolTimeout(limits.tool, limits.timeoutMs)), limits.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > (limits.maxStdoutBytes ?? DEFAULT_MAX_STDOUT)) {
        stop(new AppError('video-output-too-large', 422, `${limits.tool} produced more than ${limits.maxStdoutBytes ?? DEFAULT_MAX_STDOUT} bytes.`));
      } else chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      if (stderr.length < STDERR_KEEP) stderr += text;
    });
    child.on('error', (error) => {
      failure ??= new AppError('video-tool-unavailable', 500, `${limits.tool} could not be started: ${error.message}`, { cause: error });
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else resolve({ stdout: Buffer.concat(chunks), stderr, exitCode });
    });
  });
}
