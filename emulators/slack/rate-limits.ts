import { METHOD_TIERS, TIER_LIMITS } from './method-tiers.js';
import type { FakeSlackOptions } from './slack-types.js';
import { TokenBuckets } from './token-buckets.js';

/**
 * The emulator's rate limits, each a token bucket on the injected clock:
 * - chat.postMessage per channel, Slack's "about one message per second" with short bursts (on unless
 *   `rateLimit: false`; 1/s, burst 3 by default — a guess at that documented behaviour);
 * - every other method by its tier, one bucket per method for the workspace (only with
 *   `rateLimit: { tiers: true }`: existing users post and edit in quick bursts and expect no 429 there).
 */
export class RateLimits {
  private readonly buckets: TokenBuckets;
  private readonly channel: { perSecond: number; burst: number } | false;
  private readonly tiers: boolean;

  constructor(option: FakeSlackOptions['rateLimit'], now: () => number) {
    this.buckets = new TokenBuckets(now);
    this.channel =
      option === false ? false : { perSecond: option?.perSecond ?? 1, burst: option?.burst ?? 3 };
    this.tiers = option !== false && option?.tiers === true;
  }

  /** Seconds until the channel may post again (0 = allowed now, and a token was taken). */
  takeForChannel(channel: string): number {
    if (!this.channel) return 0;
    const { perSecond, burst } = this.channel;
    return this.buckets.take(`channel:${channel}`, { count: perSecond, windowMs: 1000, burst });
  }

  /** Seconds until `method` may be called again by its tier (0 = allowed now, or not tier-limited). */
  takeForMethod(method: string): number {
    const tier = METHOD_TIERS[method];
    if (!this.tiers || tier === undefined || tier === 'special') return 0;
    const { perMinute, burst } = TIER_LIMITS[tier];
    return this.buckets.take(`method:${method}`, { count: perMinute, windowMs: 60_000, burst });
  }
}
