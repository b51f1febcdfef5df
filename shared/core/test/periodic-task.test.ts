import { expect } from 'chai';
import { createLogger, PeriodicTask, waitFor } from '../src/index.ts';

const logger = createLogger({ name: 'periodic-task-test', level: 'silent' });

describe('core/PeriodicTask', () => {
  it('When kicked, then a pass runs at once instead of after the interval', async () => {
    let passes = 0;
    const task = new PeriodicTask({ name: 'test', intervalMs: 60_000, logger, pass: async () => (passes += 1, false) });
    task.start();
    await waitFor(() => passes === 1 || undefined, { timeoutMs: 1000 });
    task.kick();
    await waitFor(() => passes === 2 || undefined, { timeoutMs: 1000, what: 'the kicked pass' });
    await task.stop();
  });

  it('When a pass reports more work, then the next one starts at once; when one fails, the task keeps going', async () => {
    const seen: string[] = [];
    let calls = 0;
    const task = new PeriodicTask({
      name: 'test', intervalMs: 60_000, logger,
      pass: async () => {
        calls += 1;
        if (calls === 2) throw new Error('boom');
        seen.push(`pass ${calls}`);
        return calls < 4;
      },
    });
    task.start();
    await waitFor(() => calls === 2 || undefined, { timeoutMs: 1000 });
    task.kick();
    await waitFor(() => seen.length === 3 || undefined, { timeoutMs: 1000, what: 'passes 3 and 4 back to back' });
    await task.stop();
    expect(seen).to.deep.equal(['pass 1', 'pass 3', 'pass 4']);
  });

  it('When stopped, then it waits for the pass in hand and runs no more', async () => {
    let release: () => void = () => undefined;
    let passes = 0;
    const task = new PeriodicTask({ name: 'test', intervalMs: 1, logger, pass: () => new Promise((resolve) => { passes += 1; release = () => resolve(false); }) });
    task.start();
    await waitFor(() => passes === 1 || undefined, { timeoutMs: 1000 });
    const stopped = task.stop();
    release();
    await stopped;
    expect(passes).to.equal(1);
  });
});
