import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago: the OS picks one for a throwaway listener, which is
 * closed again. Another process could take it before it is used, which is fine on a dev box
 * and in tests (everything binds right after).
 *
 *   const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read the port of a throwaway listener');
  return address.port;
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
