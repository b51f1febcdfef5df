import { once } from 'node:events';
import type { Server } from 'node:http';
import type Koa from 'koa';
import { collectWhenIdle } from '@episodic/core';

/**
 * Listens on `port` (0 = any free port) and resolves with the server and its URL. A listening
 * process also gives a burst's garbage back once it goes quiet (`collectWhenIdle`, once per process).
 */
export async function listen(app: Pick<Koa, 'listen'>, port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  collectWhenIdle();
  const server = app.listen(port, host);
  server.keepAliveTimeout = 65_000;
  await once(server, 'listening');
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { server, url: `http://${host}:${actualPort}` };
}

/** Stops accepting connections and waits for requests in flight; idle keep-alive sockets are closed. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}
