/** How fast a caller may go: `ratePerSecond` sustained, up to `burst` at once. */
export interface BucketRate {
  ratePerSecond: number;
  burst: number;
}

/** The outcome of taking one token: allowed or not, what is left, and when the next one comes. */
export interface Take {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until a token is available again (0 when one is). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key (a user, a client id, an ip), in memory, with the least recently seen
 * forgotten beyond `capacity` (a Map keeps insertion order: a touched key moves to the back).
 *
 *   const buckets = new TokenBuckets(100_000);
 *   const take = buckets.take('user:42', { ratePerSecond: 50, burst: 100 });
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #capacity: number;
  readonly #now: () => number;

  constructor(capacity: number, now: () => number = Date.now) {
    this.#capacity = capacity;
    this.#now = now;
  }

  take(key: string, rate: BucketRate): Take {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: rate.burst, at: now };
    this.#buckets.delete(key);
    const refilled = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.ratePerSecond);
    const allowed = refilled >= 1;
    const tokens = allowed ? refilled - 1 : refilled;
    this.#buckets.set(key, { tokens, at: now });
    if (this.#buckets.size > this.#capacity) this.#buckets.delete(this.#buckets.keys().next().value!);
    return {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterSeconds: allowed ? 0 : Math.ceil((1 - tokens) / rate.ratePerSecond),
      resetSeconds: Math.ceil((rate.burst - tokens) / rate.ratePerSecond),
    };
  }

  get size(): number {
    return this.#buckets.size;
  }
}
