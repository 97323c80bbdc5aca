import type { Delivered } from '../ports/deliverer.js';

/** Whatever sends the outbox for a flow (the probe app's `deliver`). */
export interface OutboxDelivery {
  deliver(): Promise<Delivered>;
}

/** Flushes that may run at once: each takes the channels no other flush is delivering. */
const MAX_FLUSHES = 4;

/**
 * Runs Slack delivery beside the probe loop: a rate-limited or slow Slack (a long Retry-After) must never
 * delay the next probe, and one channel's wait must not hold another channel's alert. Each kick starts a
 * flush while fewer than MAX_FLUSHES run (the sender skips channels an earlier flush still holds);
 * beyond that it asks for one more flush once one ends. `drain()` waits for every flush in flight.
 */
export class BackgroundDelivery {
  private readonly inFlight = new Set<Promise<void>>();
  private again = false;

  constructor(
    private readonly lookout: OutboxDelivery,
    private readonly onDelivered: (result: Delivered) => void = () => {},
  ) {}

  kick(): void {
    if (this.inFlight.size >= MAX_FLUSHES) {
      this.again = true;
      return;
    }
    const flush: Promise<void> = (async () => {
      this.onDelivered(await this.lookout.deliver());
    })().finally(() => {
      this.inFlight.delete(flush);
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
    this.inFlight.add(flush);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
