import type { DeliverJob } from '../jobs.js';
import type { SlackWorkerDeps } from './deps.js';

/** Sends the outbox after a change from Slack, so the root and its thread show it within seconds. */
export async function runDeliver(job: DeliverJob, deps: SlackWorkerDeps): Promise<void> {
  if (!deps.deliver) {
    deps.log.info('no Slack delivery on this host; the next probe round sends the change', { id: job.id });
    return;
  }
  await deps.deliver();
}
