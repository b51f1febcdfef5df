import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';

/**
 * A TCP port that was free a moment ago, for a server started right after. It is drawn at
 * random from below the kernel's ephemeral range: a port the OS hands out for `listen(0)` is
 * also one it may hand to the next outgoing connection, and a test that bound it a moment
 * later then failed with EADDRINUSE (seen in CI). Below that range only listeners compete.
 *
 *   const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const ephemeralStart = await firstEphemeralPort();
  const low = 10_000;
  const high = Math.max(low + 1000, ephemeralStart);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free TCP port found between ${low} and ${high}`);
}

async function firstEphemeralPort(): Promise<number> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
  const start = Number.parseInt(range.trim().split(/\s+/)[0] ?? '', 10);
  return Number.isInteger(start) && start > 11_000 ? start : 32_768;
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
  });
  if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  return listening;
}

/**
 * Fails with one clear line when `port` cannot be bound on `host`. PostgreSQL only says so deep
 * in its own log, and a bare EADDRINUSE does not say which server wanted the port, so each
 * server checks before it starts.
 */
export async function assertPortFree(port: number, host: string, what: string): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is already in use, so ${what} cannot listen on it: stop whatever holds it or choose another port.`, { cause: error });
    }
    throw new Error(`${what} cannot listen on ${host}:${port}: ${(error as Error).message}`, { cause: error });
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
