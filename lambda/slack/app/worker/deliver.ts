import type { DeliverJob } from '../jobs.js';
import type { SlackWorkerDeps } from './deps.js';

/**
 * How long before the invocation ends the worker's delivery stops starting posts: a Slack call begun
 * just before may take the client's whole timeout (10 s), and the outbox lease runs 12 s past the
 * deadline (deliverOutbox), so 15 s keeps both inside the invocation. What is left stays pending for
 * the next delivery. The worker's timeout (lib/constructs/slack-app.ts) must stay well above it.
 */
export const WORKER_DELIVERY_MARGIN_MS = 15_000;

/**
 * The epoch ms after which the worker starts no post, from what the Lambda says is left of this
 * invocation (`context.getRemainingTimeInMillis`).
 * @example const deadline = () => workerDeliveryDeadline(context.getRemainingTimeInMillis());
 */
export function workerDeliveryDeadline(remainingMs: number, nowMs: number = Date.now()): number {
  return nowMs + remainingMs - WORKER_DELIVERY_MARGIN_MS;
}

/** Sends the outbox after a change from Slack, so the root and its thread show it within seconds. */
export async function runDeliver(job: DeliverJob, deps: SlackWorkerDeps): Promise<void> {
  if (!deps.deliver) {
    deps.log.info('no Slack delivery on this host; the next probe round sends the change', { id: job.id });
    return;
  }
  await deps.deliver();
}
