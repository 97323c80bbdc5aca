/** What one outbox flush did, summed over its channels (and the health digests). */
export interface FlushResult {
  sent: number;
  /** Items left pending after a retryable failure (attempts + 1). */
  retried: number;
  /** Items marked failed permanently: kept in the store, never silently dropped. */
  failed: number;
  /** Items not tried this time because an earlier item of their channel failed or time ran out. */
  deferred: number;
  /** Set when Slack refused the token itself: nothing was failed, everything waits. */
  paused?: string;
}
