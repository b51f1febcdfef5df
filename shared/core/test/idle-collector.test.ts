import { expect } from 'chai';
import { collectWhenIdle, stopCollectingWhenIdle, waitFor } from '../src/index.ts';

const MB = 1024 * 1024;

/** About `megabytes` of live heap (numbers in arrays), held until the caller drops it. */
function grow(megabytes: number): number[][] {
  return Array.from({ length: megabytes }, () => Array.from({ length: 130_000 }, (_, index) => index + 0.5));
}

describe('core/collectWhenIdle', () => {
  let collections = 0;
  const collect = () => void (collections += 1);
  beforeEach(() => {
    stopCollectingWhenIdle();
    collections = 0;
  });
  after(() => stopCollectingWhenIdle());

  it('When the heap grew and the event loop went quiet, then one full collection runs (and no more while nothing grows)', async () => {
    collectWhenIdle({ everyMs: 50, growthBytes: 8 * MB, collect });
    const held = grow(24);
    await waitFor(() => collections > 0, { timeoutMs: 3000, intervalMs: 20, what: 'a collection' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(collections).to.equal(1);
    expect(held.length).to.equal(24);
  });

  it('When the heap grew but the event loop stays busy, then nothing runs', async () => {
    collectWhenIdle({ everyMs: 50, growthBytes: 8 * MB, collect });
    const held = grow(24);
    const busyUntil = Date.now() + 400;
    while (Date.now() < busyUntil) {
      const spin = Date.now() + 20;
      while (Date.now() < spin) Math.sqrt(Math.random());
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(collections).to.equal(0);
    expect(held.length).to.equal(24);
  });

  it('When V8 is the collector, then a quiet process gives a burst\'s garbage back', async () => {
    collectWhenIdle({ everyMs: 50, growthBytes: 8 * MB });
    const burst = { held: grow(48) };
    const grown = process.memoryUsage().heapUsed;
    burst.held = [];
    await waitFor(() => process.memoryUsage().heapUsed < grown - 32 * MB, { timeoutMs: 3000, intervalMs: 20, what: 'the heap collected' });
  });
});
