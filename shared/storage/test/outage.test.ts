import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { AppError, waitFor } from '@episodic/core';
import { freePort } from '@episodic/testing';
import { createObjectStore } from '../src/index.ts';

function clientFor(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true });
}

async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await call().then(() => undefined, (failure: unknown) => failure);
  return { error, elapsedMs: performance.now() - started };
}

function expectUnavailable(error: unknown): void {
  expect(error).to.be.instanceOf(AppError);
  expect(error).to.include({ status: 503, code: 'dependency-unavailable', message: 'S3 is unavailable; try again shortly.' });
}

describe('storage/outage', () => {
  describe('When nothing listens on the S3 port', () => {
    it('then a call fails with 503 within the timeout, and after repeated failures the circuit opens', async () => {
      const store = createObjectStore({ s3: clientFor(`http://127.0.0.1:${await freePort()}`), bucket: 'episodic-media', timeoutMs: 1000 });

      const first = await timed(() => store.put('thumbnails/1.jpg', Buffer.from('x'), 'image/jpeg'));
      expectUnavailable(first.error);
      expect(first.elapsedMs).to.be.below(1200);

      for (let i = 0; i < 5; i += 1) await store.head('thumbnails/1.jpg').catch(() => undefined);
      const afterOpen = await timed(() => store.get('thumbnails/1.jpg'));
      expectUnavailable(afterOpen.error);
      expect((afterOpen.error as AppError).cause).to.have.property('code', 'EOPENBREAKER');
    });
  });

  describe('When S3 accepts connections but never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    let connections = 0;

    before(async () => {
      server = createServer((socket) => {
        connections += 1;
        sockets.add(socket);
        socket.resume(); // read and ignore the request, so the client's hang-up is seen
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('then each call fails with 503 after timeoutMs, its connection is dropped, and once the circuit opens no call reaches S3', async () => {
      const { port } = server.address() as { port: number };
      const store = createObjectStore({ s3: clientFor(`http://127.0.0.1:${port}`), bucket: 'episodic-media', timeoutMs: 300 });

      const first = await timed(() => store.head('thumbnails/1.jpg'));
      expectUnavailable(first.error);
      expect(first.elapsedMs).to.be.within(290, 600);
      await waitFor(() => sockets.size === 0, { timeoutMs: 2000, what: 'the timed-out request to close its connection' });

      for (let i = 0; i < 4; i += 1) await store.check().catch(() => undefined);
      const connectionsBefore = connections;
      const afterOpen = await timed(() => store.list('thumbnails/'));

      expectUnavailable(afterOpen.error);
      expect(afterOpen.elapsedMs).to.be.below(50);
      expect(connections).to.equal(connectionsBefore);
    });
  });
});
