import { expect } from 'chai';
import { AppError, guard, waitFor } from '../src/index.ts';

describe('core/guard (circuit breaker)', () => {
  it('When the call succeeds, then its result is returned', async () => {
    const double = guard('doubler', async (n: number) => n * 2);
    expect(await double(21)).to.equal(42);
  });

  it('When the call hangs past its timeout, then it rejects with a 503 naming the dependency', async () => {
    const hang = guard('S3', () => new Promise<never>(() => undefined), { timeoutMs: 50 });
    const error = await hang().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AppError).and.include({ status: 503 });
    expect((error as AppError).message).to.contain('S3');
  });

  it('When failures pass the threshold, then the circuit opens and the dependency is no longer called', async () => {
    let calls = 0;
    const flaky = guard('peer', async () => {
      calls += 1;
      throw new Error('ECONNREFUSED');
    }, { volumeThreshold: 3, resetTimeoutMs: 60_000 });
    for (let i = 0; i < 3; i += 1) await flaky().catch(() => undefined);
    await waitFor(() => flaky.breaker.opened, { what: 'circuit to open' });
    const callsWhenOpened = calls;
    const error = await flaky().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AppError).and.include({ status: 503 });
    expect(calls).to.equal(callsWhenOpened);
    flaky.breaker.shutdown();
  });

  it('When the error is the caller\'s fault, then it passes through and does not count against the circuit', async () => {
    const notFound = Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    const lookup = guard('S3', async () => { throw notFound; }, { volumeThreshold: 1, isCallerError: (e) => (e as Error).name === 'NoSuchKey' });
    for (let i = 0; i < 3; i += 1) expect(await lookup().catch((e: unknown) => e)).to.equal(notFound);
    expect(lookup.breaker.opened).to.equal(false);
  });
});

describe('core/waitFor', () => {
  it('When the probe becomes true, then the value is returned; when it never does, then it times out naming what', async () => {
    let n = 0;
    expect(await waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).to.equal(3);
    const error = await waitFor(() => false, { timeoutMs: 30, what: 'the answer' }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('Timed out waiting for the answer');
  });
});
