import type { Store } from '../store/store.js';
import type { Log } from './logger.js';

export interface Deliverer {
  flush(options?: { until?: number }): Promise<{ sent: number; retried: number; failed: number }>;
}

export type Delivered = { sent: number; retried: number; failed: number };

/** Who holds the outbox lease, and how to tell that a holder's process is gone (local runs). */
export interface LeaseOwner {
  id: string;
  /** True when `holder` is provably dead (a local Lookout of the same data directory that no longer runs). */
  isStale?: (holder: string) => boolean;
}

/** Longest a delivery without a deadline (a local run) may hold the outbox lease. */
const OUTBOX_LEASE_MS = 90_000;
/**
 * A Lambda's lease ends this long after its deadline: a Slack call started just before the deadline may
 * take the client's whole timeout (10 s); the handlers stop work 15 s before the invocation ends, so the
 * lease still ends inside the invocation.
 */
const LEASE_AFTER_DEADLINE_MS = 12_000;
const NONE: Delivered = { sent: 0, retried: 0, failed: 0 };

/**
 * Sends pending Slack messages, unless another live run holds the outbox (it will send them). Never
 * throws: a store or Slack failure is logged and retried on the next call, and must not stop detection.
 * With a deadline (Lambda) the lease ends a few seconds after it, so a run that dies never blocks the
 * next one for longer; a local run takes over the lease of its own dead predecessor at once.
 */
export async function deliverOutbox(
  store: Store,
  deliverer: Deliverer | undefined,
  options: { owner: string | LeaseOwner; now: () => Date; log: Log; deadline?: () => number },
): Promise<Delivered> {
  if (!deliverer) return NONE;
  const owner = typeof options.owner === 'string' ? { id: options.owner } : options.owner;
  try {
    const now = options.now().getTime();
    const leaseMs = options.deadline
      ? Math.max(1_000, options.deadline() + LEASE_AFTER_DEADLINE_MS - now)
      : OUTBOX_LEASE_MS;
    if (!(await acquire(store, owner, now, leaseMs, options.log))) return NONE;
    holding.set(owner.id, (holding.get(owner.id) ?? 0) + 1);
    try {
      // No item starts after the lease ends: past it, another run may rightly be sending.
      return await deliverer.flush({ until: now + leaseMs - LEASE_AFTER_DEADLINE_MS });
    } finally {
      const left = (holding.get(owner.id) ?? 1) - 1;
      if (left) holding.set(owner.id, left);
      else {
        holding.delete(owner.id);
        await store.leases.release('outbox', owner.id);
      }
    }
  } catch (error) {
    options.log.error('Slack delivery failed; pending messages stay in the outbox', { error });
    return NONE;
  }
}

/** Flushes of this process under each owner: the lease is released when the last one ends. */
const holding = new Map<string, number>();

/** Holders already reported as making delivery wait, so the terminal says it once per holder. */
const reported = new Set<string>();

async function acquire(
  store: Store,
  owner: LeaseOwner,
  now: number,
  leaseMs: number,
  log: Log,
): Promise<boolean> {
  if (await store.leases.acquire('outbox', owner.id, now, leaseMs)) {
    // Delivery runs again: a holder that makes it wait later deserves a new notice.
    reported.clear();
    return true;
  }
  const holder = await store.leases.holder('outbox');
  if (!holder) return store.leases.acquire('outbox', owner.id, now, leaseMs);
  if (owner.isStale?.(holder.owner)) {
    if (await store.leases.takeOver('outbox', holder.owner, owner.id, now + leaseMs)) {
      log.warn('took over Slack delivery from a Lookout of this data directory that is no longer running', {
        previous: holder.owner,
      });
      return true;
    }
    return false;
  }
  if (!reported.has(holder.owner)) {
    reported.add(holder.owner);
    log.warn(
      `Slack delivery waits: another Lookout holds the outbox until ${new Date(holder.expiresAtMs).toISOString()}`,
      { holder: holder.owner },
    );
  } else {
    log.debug('outbox held by another run; leaving delivery to it', { holder: holder.owner });
  }
  return false;
}
