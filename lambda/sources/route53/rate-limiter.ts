import type { RateLimiter as RateLimiterPort } from '../../ports/rate-limiter.js';
import { sleep as realSleep, type Sleep } from '../../shared/sleep.js';

/**
 * A client-side token bucket: `take()` resolves when a request may be sent. Written by hand because
 * it is a dozen lines and the well-known limiter packages bring timers and queues Lookout does not need.
 * It keeps Lookout below Route 53's account limit (10 requests/s, burst 50, shared with the customer's
 * own automation), so the SDK's throttling retries are a fallback, not the normal path.
 */
export class RateLimiter implements RateLimiterPort {
  private tokens: number;
  private last: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
  ) {
    if (!(perSecond > 0) || !(burst >= 1))
      throw new RangeError(`invalid rate limit ${perSecond}/s burst ${burst}`);
    this.tokens = burst;
    this.last = now();
  }

  /** Waits for a token; callers are served in order. */
  take(): Promise<void> {
    const turn = this.chain.then(() => this.waitForToken());
    this.chain = turn.catch(() => {});
    return turn;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(((1 - this.tokens) / this.perSecond) * 1000);
    }
  }
}
