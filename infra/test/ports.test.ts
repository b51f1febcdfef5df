import { expect } from 'chai';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { freePort } from '@episodic/testing';
import { startSystem } from '../local/system.ts';

describe('npm start: ports', () => {
  it('When the gateway port is taken, then start fails at once with one line naming the port and its setting', async () => {
    const squatter = createServer().listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const taken = (squatter.address() as { port: number }).port;
    try {
      const error = await startSystem({
        repoRoot: resolve(import.meta.dirname, '../..'),
        dataDir: undefined,
        ports: { gateway: taken, catalog: await freePort(), media: await freePort(), processing: await freePort(), audit: await freePort(), issuer: await freePort(), emulator: await freePort(), postgres: await freePort() },
        logLevel: 'silent',
        seed: false,
      }).then(() => undefined, (e: Error) => e);
      expect(error?.message).to.equal(`Port ${taken} is already in use, so gateway (GATEWAY_PORT) cannot listen on it: stop whatever holds it or choose another port.`);
    } finally {
      squatter.close();
    }
  });
});
