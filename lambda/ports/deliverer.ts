/** What a delivery reports: messages posted, left pending for a retry, given up. */
export interface Delivered {
  sent: number;
  retried: number;
  failed: number;
}

/** Sends the outbox to Slack (the outbox sender); `until` is the epoch ms after which no post starts. */
export interface Deliverer {
  flush(options?: { until?: number }): Promise<Delivered>;
}
