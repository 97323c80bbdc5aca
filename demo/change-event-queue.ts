import type { FakeRoute53 } from '../emulators/route53/index.js';
import type { Route53App } from '../lambda/app/route53.js';
import type { TimelineEntry } from '../lambda/domain/incident.js';
import type { Log } from '../lambda/ports/log.js';

/**
 * Stands in for EventBridge → the change-event Lambda: each CloudTrail event the Route 53 API server
 * emits is handled, in order, by the same code the Lambda runs.
 */
export class ChangeEventQueue {
  private tail: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  start(
    route53: FakeRoute53,
    app: Pick<Route53App, 'handleChange'>,
    log: Log,
    onEntries: (entries: TimelineEntry[]) => Promise<void>,
  ): void {
    this.unsubscribe = route53.onCloudTrailEvent((event) => {
      this.tail = this.tail.then(async () => {
        try {
          await onEntries((await app.handleChange(event)).entries);
        } catch (error) {
          log.error('change event failed', error);
        }
      });
    });
  }

  drain(): Promise<void> {
    return this.tail;
  }

  stop(): void {
    this.unsubscribe?.();
  }
}
