import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { sleep } from '@episodic/core';

export { freePort } from './ports.ts';

/** A service running as its own Node process, as `npm start` runs it. */
export interface LaunchedService {
  name: string;
  pid: number;
  /** Sends the signal, waits for the exit, and sends SIGKILL after 10 s; resolves with the exit code (null if killed by a signal). */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<number | null>;
  /** SIGKILL at once: a crash, for fault tests. */
  kill(): void;
  /** Resolves when the process has exited and its output is drained. */
  exited: Promise<number | null>;
  /** The last lines the process wrote (stdout and stderr, in order of arrival). */
  logs(): string[];
}

export interface LaunchOptions {
  name: string;
  /** Absolute path of the entry file, e.g. services/catalog/src/main.ts. */
  entry: string;
  /** Added to this process's environment (which carries NODE_V8_COVERAGE for c8). */
  env: Record<string, string>;
  /**
   * true: `env` is the child's whole environment, plus only PATH, TMPDIR and NODE_V8_COVERAGE
   * from this process (the environment-contract test boots a service with exactly what its
   * task definition sets).
   */
  exactEnv?: boolean;
  /** Polled until it answers 200, e.g. http://127.0.0.1:3001/ready. */
  readyUrl: string;
  /** Default 15 s. */
  timeoutMs?: number;
  onLog?: (line: string) => void;
}

const KEPT_LINES = 200;
const KILL_AFTER_MS = 10_000;

/** Children still running: if this process exits first (mocha --exit, a crash), none may outlive it. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node <entry>` with the Node running this process (Node 24 under npm scripts) and
 * resolves once `readyUrl` answers 200. Fails fast, with the child's last lines, if the child
 * exits first or is not ready in time (the child is then killed).
 *
 *   const catalog = await launchService({ name: 'catalog', entry, env: { PORT: '3001' }, readyUrl: 'http://127.0.0.1:3001/ready' });
 *   await catalog.stop(); // 0 after a clean shutdown
 */
export async function launchService(options: LaunchOptions): Promise<LaunchedService> {
  const child = spawn(process.execPath, [options.entry], {
    env: options.exactEnv ? { ...inheritedBasics(), ...options.env } : { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.shift();
    options.onLog?.(line);
  };
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', keep);
  const exited = exitOf(child, keep);
  running.add(child);
  void exited.then(() => running.delete(child));

  const service = handle(options.name, child, exited, () => [...lines]);
  try {
    await waitUntilReady(options, exited);
  } catch (error) {
    service.kill();
    await exited;
    throw new Error(`${(error as Error).message}; its last lines:\n${lines.slice(-20).join('\n')}`, { cause: error });
  }
  return service;
}

/** What any child needs from this process: where programs are, the temp folder, and c8's coverage folder. */
function inheritedBasics(): Record<string, string> {
  const kept = ['PATH', 'TMPDIR', 'NODE_V8_COVERAGE'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]]));
  return Object.fromEntries(kept);
}

function exitOf(child: ChildProcess, keep: (line: string) => void): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('error', (error) => {
      keep(`could not start: ${error.message}`);
      if (child.pid === undefined) resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
}

function handle(name: string, child: ChildProcess, exited: Promise<number | null>, logs: () => string[]): LaunchedService {
  let done = false;
  void exited.then(() => (done = true));
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    logs,
    kill: () => void (done || child.kill('SIGKILL')),
    stop: async (signal = 'SIGTERM') => {
      if (done) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function waitUntilReady(options: LaunchOptions, exited: Promise<number | null>): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${options.name} exited (code ${exitCode}) before it was ready`);
    try {
      const response = await fetch(options.readyUrl, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      lastProblem = `answered ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await Promise.race([sleep(50), exited]);
  }
  throw new Error(`${options.name} was not ready at ${options.readyUrl} within ${timeoutMs} ms (${lastProblem})`);
}
