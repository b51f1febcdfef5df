import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { HostReady } from './system-host.ts';

/** The system under test, running in bench/system-host.ts. */
export interface HostedSystem extends Omit<HostReady, 'type'> {
  /** The host process: emulator, issuer, launcher (PostgreSQL and the services are its children). */
  hostPid: number;
  /** From forking the host to every service answering ready: what `npm start` takes, without the seed. */
  readyMs: number;
  stop(): Promise<void>;
}

const HOST_STOP_MS = 60_000;

/** Everything the bench started and must stop, also on Ctrl-C or a failure. */
const cleanups = new Set<() => Promise<unknown>>();

/** Registers a stop step for the bench's end or an interruption; returns a function that runs it once. */
export function stopOnExit(stop: () => Promise<unknown>): () => Promise<void> {
  let done: Promise<unknown> | undefined;
  const once = async () => {
    done ??= stop();
    cleanups.delete(once);
    await done;
  };
  cleanups.add(once);
  return once;
}

/** Stops whatever is still running (children first registered, last stopped). */
export async function stopEverything(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) await cleanup().catch((error: unknown) => console.error('stop step failed:', error));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the system and the reference processes…`);
    void stopEverything().finally(() => process.exit(130));
  });
}

/** Forks the host with `env` added (AUDIT_ACCESS_MODE, rate limits) and waits until the system is ready. */
export async function startHost(env: Record<string, string>): Promise<HostedSystem> {
  const started = performance.now();
  const child = fork(join(import.meta.dirname, 'system-host.ts'), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = stopOnExit(() => stopHost(child, exited));
  const ready = await new Promise<HostReady>((resolve, reject) => {
    child.on('message', (message: HostReady | { type: 'failed'; message: string }) => {
      if (message.type === 'ready') resolve(message);
      else reject(new Error(`the system did not start: ${message.message}`));
    });
    void exited.then((code) => reject(new Error(`the system host exited (code ${code}) before it was ready`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const { type: _type, ...system } = ready;
  return { ...system, hostPid: child.pid!, readyMs: Math.round(performance.now() - started), stop };
}

/** Asks the host to stop (it stops the services and PostgreSQL), then kills it if it hangs. */
async function stopHost(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), HOST_STOP_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
