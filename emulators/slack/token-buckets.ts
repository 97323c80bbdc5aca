/** A bucket's refill: `count` tokens every `windowMs`, holding at most `burst`. */
export interface BucketRate {
  count: number;
  windowMs: number;
  burst: number;
}

/**
 * Token buckets by key on an injected clock, so tests move time instead of sleeping. Refill is computed
 * as `elapsed × count / windowMs` (integers in, exact tokens out: 1,200 ms at 50/min is one token).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  /** Seconds until `key` may act again (0 = allowed now, and a token was taken). */
  take(key: string, rate: BucketRate): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate.burst, at: now };
    bucket.tokens = Math.min(
      rate.burst,
      bucket.tokens + (Math.max(0, now - bucket.at) * rate.count) / rate.windowMs,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) * rate.windowMs) / rate.count / 1000;
  }
}
