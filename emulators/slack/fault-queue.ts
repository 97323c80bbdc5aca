import type { SlackFault } from './slack-types.js';

/** Faults queued by tests, each taken by the next request it applies to (any method, or one). */
export class FaultQueue {
  private readonly faults: { fault: SlackFault; method?: string }[] = [];

  /** The next `n` requests (optionally of one method) get this fault instead of normal handling. */
  add(n: number, fault: SlackFault, method?: string): void {
    for (let i = 0; i < n; i++) this.faults.push(method ? { fault, method } : { fault });
  }

  take(method: string): SlackFault | undefined {
    const index = this.faults.findIndex((f) => !f.method || f.method === method);
    if (index < 0) return undefined;
    const [{ fault }] = this.faults.splice(index, 1) as [{ fault: SlackFault }];
    return fault;
  }
}
