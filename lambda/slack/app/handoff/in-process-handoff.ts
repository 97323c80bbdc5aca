import type { Handoff } from '../../../ports/handoff.js';
import type { Log } from '../../../ports/log.js';
import type { SlackJob } from '../jobs.js';

/**
 * Runs a job in this process after the acknowledgement has gone (local `lookout start` with Socket
 * Mode, tests): `send` only schedules it, like an asynchronous invoke, so an answer never overtakes the
 * acknowledgement. `idle()` resolves once every job sent so far has finished — tests wait on it
 * instead of sleeping.
 */
export class InProcessHandoff implements Handoff {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: SlackJob) => Promise<void>,
    private readonly log: Log,
  ) {}

  async send(job: SlackJob): Promise<void> {
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .catch((error: unknown) => this.log.error('a handed-off Slack job failed', error, { kind: job.kind }))
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
