import type { Server } from 'node:http';
import Koa from 'koa';
import { closeServer, listen } from '@episodic/http';

/** What the echo service saw of one request whose body arrived whole. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A stand-in for a service behind the gateway: it echoes what it received, and counts calls. */
export interface EchoUpstream {
  url: string;
  seen: SeenRequest[];
  /** Requests that reached it (anything but /health), whether or not their body arrived whole. */
  calls(): number;
  /** Delay before answering, to play a slow service. */
  delayMs: number;
  /** Answer with this status instead of echoing (e.g. 500). */
  failWith: number | undefined;
  /** Send the headers of a 1,000-byte answer, 10 bytes of it, then drop the connection. */
  breakOff: boolean;
  close(): Promise<void>;
}

/**
 * Starts a small Koa app on a free port. `POST` answers 201 with a Location, `DELETE` 204,
 * anything else 200 with `{ method, url, headers, body }` (what the gateway forwarded).
 */
export async function startEchoUpstream(name: string): Promise<EchoUpstream> {
  let arrivals = 0;
  const echo: EchoUpstream = { url: '', seen: [], calls: () => arrivals, delayMs: 0, failWith: undefined, breakOff: false, close: async () => undefined };
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path === '/health') return void (ctx.body = { status: 'ok', service: name });
    arrivals += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const seen = { method: ctx.method, url: ctx.url, headers: { ...ctx.headers }, body: Buffer.concat(chunks).toString('utf8') };
    echo.seen.push(seen);
    if (echo.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, echo.delayMs));
    if (echo.breakOff) {
      ctx.respond = false;
      ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      ctx.res.write('{"partial"');
      setTimeout(() => ctx.res.socket?.destroy(), 20);
      return;
    }
    if (echo.failWith) {
      ctx.status = echo.failWith;
      ctx.type = 'application/problem+json';
      ctx.body = { type: 'urn:problem:episodic:internal', title: 'Upstream failure', status: echo.failWith };
      return;
    }
    if (ctx.method === 'DELETE') return void (ctx.status = 204);
    if (ctx.method === 'POST') {
      ctx.status = 201;
      ctx.set('Location', `${ctx.path}/99`);
    }
    ctx.set('ETag', '"v1"');
    ctx.set('Set-Cookie', 'upstream=secret');
    ctx.body = { service: name, ...seen };
  });
  const { server, url } = await listen(app, 0);
  echo.url = url;
  echo.close = () => closeWithin(server);
  return echo;
}

async function closeWithin(server: Server): Promise<void> {
  server.closeAllConnections();
  await closeServer(server);
}
