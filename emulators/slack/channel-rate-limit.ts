/**
 * Slack's per-channel posting limit, "about one message per second" with short bursts, as a token
 * bucket per channel. The rate and burst are a guess at that documented behaviour.
 */
export class ChannelRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: { perSecond: number; burst: number } | false) {}

  /** Seconds until the channel may post again (0 = allowed now, and a token was taken). */
  take(channel: string): number {
    if (!this.limit) return 0;
    const { perSecond, burst } = this.limit;
    const now = Date.now();
    const bucket = this.buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / perSecond;
  }
}
