export interface ThrottlingOptions {
  /** Bucket size: how many requests may arrive at once. Route 53's default is 50. */
  burst: number;
  /** Refill rate. Route 53's default is 10 requests per second per account. */
  perSecond: number;
}

export const ROUTE53_DEFAULT_THROTTLING: ThrottlingOptions = { burst: 50, perSecond: 10 };

/**
 * Route 53's API rate limit as documented since 2026-07-30: one token bucket per account. A
 * request takes a token or is refused with `Throttling` (HTTP 400).
 */
export class AccountRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private options: ThrottlingOptions | false;

  constructor(
    options: ThrottlingOptions | false = ROUTE53_DEFAULT_THROTTLING,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.options = options;
  }

  configure(options: ThrottlingOptions | false): void {
    this.options = options;
    this.buckets.clear();
  }

  /** Takes a token for `accountId`; false when the bucket is empty. */
  take(accountId: string): boolean {
    if (this.options === false) return true;
    const { burst, perSecond } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(accountId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(accountId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
