import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';
import { parseRates } from '../src/edge/rate-limit.ts';
import { TokenBuckets } from '../src/edge/token-buckets.ts';

describe('gateway: rate limits', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({ env: { GATEWAY_RATE_LIMITS: 'anonymous=0.5/3,viewer=0.5/5,admin=0.5/8' } });
  });
  after(() => gateway.close());

  /** Sends `count` requests one after another and returns their statuses (bounded: 127.0.0.1 only). */
  const burst = async (count: number, init: Parameters<RunningGateway['call']>[1]) => {
    const replies: Response[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await gateway.call('/api/v1/episodes', init);
      await response.body?.cancel();
      replies.push(response);
    }
    return replies;
  };

  it('When a user goes over its role\'s burst, then 429 problem+json with Retry-After, RateLimit and RateLimit-Policy', async () => {
    const token = await gateway.token('viewer');
    const replies = await burst(7, { headers: { authorization: `Bearer ${token}` } });
    expect(replies.map((reply) => reply.status)).to.deep.equal([200, 200, 200, 200, 200, 429, 429]);
    const limited = await gateway.call('/api/v1/episodes', { headers: { authorization: `Bearer ${token}` } });
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('content-type')).to.contain('application/problem+json');
    expect(((await limited.json()) as { type: string }).type).to.contain('rate-limited');
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 2);
    expect(limited.headers.get('ratelimit-policy')).to.equal('"viewer";q=5;w=10');
    expect(limited.headers.get('ratelimit')).to.match(/^"viewer";r=0;t=[12]$/);
    expect(replies[0]!.headers.get('ratelimit')).to.match(/^"viewer";r=4;t=\d+$/);
  });

  it('When one user is limited, then another user (its own bucket, its own role\'s rate) is not', async () => {
    const replies = await burst(8, { as: 'admin' });
    expect(replies.every((reply) => reply.status === 200)).to.equal(true);
    expect(replies[0]!.headers.get('ratelimit-policy')).to.equal('"admin";q=8;w=16');
  });

  it('When requests carry no valid token (none, or forged), then they share their ip\'s anonymous bucket, and 429 follows the 401s', async () => {
    const replies = await burst(5, { headers: { authorization: 'Bearer not.a.token' } });
    expect(replies.map((reply) => reply.status)).to.deep.equal([401, 401, 401, 429, 429]);
    expect((await gateway.call('/api/v1/episodes')).status).to.equal(429);
  });

  it('When time passes, then a bucket refills at its rate and never above its burst', () => {
    let now = 0;
    const buckets = new TokenBuckets(10, () => now);
    const rate = { ratePerSecond: 2, burst: 2 };
    expect([1, 2, 3].map(() => buckets.take('k', rate).allowed)).to.deep.equal([true, true, false]);
    now += 500;
    expect(buckets.take('k', rate).allowed).to.equal(true);
    now += 60_000;
    expect([1, 2, 3].map(() => buckets.take('k', rate).allowed)).to.deep.equal([true, true, false]);
  });

  it('When more callers than the limiter remembers arrive, then the least recently seen is forgotten', () => {
    const buckets = new TokenBuckets(2, () => 0);
    for (const key of ['a', 'b', 'c']) buckets.take(key, { ratePerSecond: 1, burst: 1 });
    expect(buckets.size).to.equal(2);
    expect(buckets.take('a', { ratePerSecond: 1, burst: 1 }).allowed, 'a forgotten, so full again').to.equal(true);
  });

  it('When GATEWAY_RATE_LIMITS names a rate of 0, then the gateway refuses it; left-out roles keep their defaults', () => {
    expect(() => parseRates('viewer=0/5')).to.throw(/GATEWAY_RATE_LIMITS.*viewer/);
    expect(parseRates('viewer=1/2')).to.deep.include({ viewer: { ratePerSecond: 1, burst: 2 }, system: { ratePerSecond: 200, burst: 400 } });
  });
});
