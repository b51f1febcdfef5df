import { expect } from 'chai';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@episodic/core';
import { freePort, launchService, type LaunchOptions } from '../src/launcher.ts';

const entry = join(import.meta.dirname, 'fixtures', 'ready-service.ts');

async function options(env: Record<string, string> = {}): Promise<LaunchOptions> {
  const port = await freePort();
  return { name: 'fixture', entry, env: { PORT: String(port), ...env }, readyUrl: `http://127.0.0.1:${port}/ready` };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('testing/launchService', () => {
  it('When the service answers /ready, then launch resolves with its pid and its logs carry the given and inherited env', async () => {
    const lines: string[] = [];
    const service = await launchService({ ...(await options({ FIXTURE_GREETING: 'hello' })), onLog: (line) => lines.push(line) });
    try {
      expect(isRunning(service.pid)).to.equal(true);
      expect(service.logs()).to.include(`starting as pid ${service.pid}`);
      expect(service.logs()).to.include('greeting=hello path-inherited=true');
      expect(lines).to.deep.equal(service.logs());
      await waitFor(() => service.logs().some((line) => line.startsWith('listening on')), { what: 'the listening line' });
    } finally {
      await service.stop();
    }
  });

  it('When stopped, then it gets SIGTERM, shuts down cleanly, and stop resolves with exit code 0', async () => {
    const service = await launchService(await options());
    const code = await service.stop();
    expect(code).to.equal(0);
    expect(service.logs()).to.include('stopping on SIGTERM');
    expect(await service.exited).to.equal(0);
    expect(await service.stop()).to.equal(0);
    expect(isRunning(service.pid)).to.equal(false);
  });

  it('When killed, then it dies at once without shutting down, and exited resolves with no exit code', async () => {
    const service = await launchService(await options());
    service.kill();
    expect(await service.exited).to.equal(null);
    expect(service.logs()).not.to.include('stopping on SIGTERM');
  });

  it('When the service exits before it is ready, then launch fails at once with its exit code and last lines', async () => {
    const startedAt = Date.now();
    const error = await launchService({ ...(await options({ FIXTURE_MODE: 'crash' })), timeoutMs: 20_000 }).catch((caught: Error) => caught);
    expect((error as Error).message).to.match(/^fixture exited \(code 3\) before it was ready; its last lines:\n/);
    expect((error as Error).message).to.include('config invalid: FIXTURE_MODE says crash');
    expect(Date.now() - startedAt).to.be.lessThan(10_000);
  });

  it('When the service never becomes ready, then launch fails after the timeout and the child is killed', async () => {
    const lines: string[] = [];
    const launching = launchService({ ...(await options({ FIXTURE_MODE: 'never-ready' })), timeoutMs: 3000, onLog: (line) => lines.push(line) });
    const error = await launching.catch((caught: Error) => caught);
    expect((error as Error).message).to.match(/^fixture was not ready at http:\/\/127\.0\.0\.1:\d+\/ready within 3000 ms \(answered 503\)/);
    const pid = Number(/starting as pid (\d+)/.exec(lines.join('\n'))![1]);
    expect(isRunning(pid)).to.equal(false);
  });

  it('When freePort answers, then that port can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    server.close();
  });
});
