import type { Lookout } from './lookout.js';

type Delivered = Awaited<ReturnType<Lookout['deliver']>>;

/**
 * Runs Slack delivery beside the probe loop, at most one flush at a time: a rate-limited or slow Slack
 * (a long Retry-After) must never delay the next probe. `drain()` waits for the flush in flight.
 */
export class BackgroundDelivery {
  private inFlight: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly lookout: Pick<Lookout, 'deliver'>,
    private readonly onDelivered: (result: Delivered) => void = () => {},
  ) {}

  /** Starts a flush, or asks for one more after the flush in flight (new entries may have arrived). */
  kick(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        this.onDelivered(await this.lookout.deliver());
      } while (this.again);
    })().finally(() => {
      this.inFlight = undefined;
    });
  }

  async drain(): Promise<void> {
    await this.inFlight;
  }
}
