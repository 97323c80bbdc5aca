/** What a delivery reports: messages posted, left pending for a retry, given up. */
export interface Delivered {
  sent: number;
  retried: number;
  failed: number;
  /**
   * Nothing was sent because another live run holds the outbox: it sends, and a run that stays up may
   * ask again soon, to go on the moment that run stops (at its deadline, in a storm).
   */
  heldElsewhere?: boolean;
}

/** Sends the outbox to Slack (the outbox sender); `until` is the epoch ms after which no post starts. */
export interface Deliverer {
  flush(options?: { until?: number }): Promise<Delivered>;
}
