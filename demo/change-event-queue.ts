import type { FakeRoute53 } from '../emulators/route53/index.js';
import type { TimelineEntry } from '../lambda/domain/incident.js';
import { handleChangeEvent } from '../lambda/service/route53/change-events.js';

type Deps = Parameters<typeof handleChangeEvent>[1];

/**
 * Stands in for EventBridge → the change-event Lambda: each CloudTrail event the Route 53 API server
 * emits is handled, in order, by the same code the Lambda runs.
 */
export class ChangeEventQueue {
  private tail: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  start(route53: FakeRoute53, deps: Deps, onEntries: (entries: TimelineEntry[]) => Promise<void>): void {
    this.unsubscribe = route53.onCloudTrailEvent((event) => {
      this.tail = this.tail.then(async () => {
        try {
          await onEntries((await handleChangeEvent(event, deps)).entries);
        } catch (error) {
          deps.log.error('change event failed', error);
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
