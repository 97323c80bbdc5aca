import type { Store } from '../store/store.js';
import type { Log } from './logger.js';

export interface Deliverer {
  flush(): Promise<{ sent: number; retried: number; failed: number }>;
}

export type Delivered = { sent: number; retried: number; failed: number };

/** Longest a delivery may hold the outbox lease before another run may take it over. */
const OUTBOX_LEASE_MS = 90_000;
const NONE: Delivered = { sent: 0, retried: 0, failed: 0 };

/**
 * Sends pending Slack messages, unless another run holds the outbox (it will send them). Never throws:
 * a store or Slack failure is logged and retried on the next call, and must not stop detection.
 */
export async function deliverOutbox(
  store: Store,
  deliverer: Deliverer | undefined,
  options: { owner: string; now: () => Date; log: Log },
): Promise<Delivered> {
  if (!deliverer) return NONE;
  try {
    if (!(await store.leases.acquire('outbox', options.owner, options.now().getTime(), OUTBOX_LEASE_MS))) {
      options.log.debug('outbox held by another run; leaving delivery to it');
      return NONE;
    }
    try {
      return await deliverer.flush();
    } finally {
      await store.leases.release('outbox', options.owner);
    }
  } catch (error) {
    options.log.error('Slack delivery failed; pending messages stay in the outbox', { error: String(error) });
    return NONE;
  }
}
