import { formatTime } from '../domain/render/time.js';
import type { Delivered, Deliverer } from '../ports/deliverer.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../store/store.js';

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
  options: {
    owner: string | LeaseOwner;
    now: () => Date;
    log: Log;
    deadline?: () => number;
    /** How often a held lease is extended while flushes run. */
    renewEveryMs?: number;
  },
): Promise<Delivered> {
  if (!deliverer) return NONE;
  const owner = typeof options.owner === 'string' ? { id: options.owner } : options.owner;
  const leaseMsAt = (at: number) =>
    options.deadline ? Math.max(1_000, options.deadline() + LEASE_AFTER_DEADLINE_MS - at) : OUTBOX_LEASE_MS;
  try {
    const now = options.now().getTime();
    const leaseMs = leaseMsAt(now);
    // Taking the hold and giving it back never interleave for one owner: a flush that started while the
    // last one was releasing would otherwise hold a lease the release then deletes.
    const held = await oneAtATime(owner.id, async () => {
      if (!(await acquire(store, owner, now, leaseMs, options.log))) return false;
      const existing = holding.get(owner.id);
      if (existing) existing.count += 1;
      else {
        const entry: Holding = { count: 1, renewal: undefined, inFlight: undefined };
        entry.renewal = renew(entry);
        holding.set(owner.id, entry);
      }
      return true;
    });
    if (!held) return { ...NONE, heldElsewhere: true };
    try {
      // No item starts after the lease ends: past it, another run may rightly be sending.
      return await deliverer.flush({ until: now + leaseMs - LEASE_AFTER_DEADLINE_MS });
    } finally {
      await oneAtATime(owner.id, async () => {
        const entry = holding.get(owner.id);
        if (entry && entry.count > 1) entry.count -= 1;
        else {
          holding.delete(owner.id);
          // A renewal still on its way would put the lease back after the release.
          clearInterval(entry?.renewal);
          await entry?.inFlight;
          await store.leases.release('outbox', owner.id);
        }
      });
    }
  } catch (error) {
    options.log.error('Slack delivery failed; pending messages stay in the outbox', error);
    return NONE;
  }

  /**
   * While flushes run, the lease is extended (a local flush can wait out long Retry-Afters): it must not
   * expire under a flush that is still sending. On Lambda the extension never passes deadline + 12 s.
   */
  function renew(entry: Holding): NodeJS.Timeout {
    const timer = setInterval(() => {
      if (entry.inFlight) return;
      const at = options.now().getTime();
      entry.inFlight = store.leases
        .acquire('outbox', owner.id, at, leaseMsAt(at))
        .then(
          (kept) => {
            if (!kept) options.log.warn('lost the outbox lease while delivering; another run may send too');
          },
          (error: unknown) => options.log.warn('could not extend the outbox lease', { error }),
        )
        .finally(() => {
          entry.inFlight = undefined;
        });
    }, options.renewEveryMs ?? RENEW_EVERY_MS);
    timer.unref();
    return timer;
  }
}

/** Per owner, the tail of its hold/release sections: each waits for the one before. */
const sections = new Map<string, Promise<unknown>>();

function oneAtATime<T>(owner: string, section: () => Promise<T>): Promise<T> {
  const run = (sections.get(owner) ?? Promise.resolve()).then(section, section);
  const tail = run.catch(() => undefined);
  sections.set(owner, tail);
  // Owners come and go (one per Lambda invocation): the map keeps only sections still running.
  void tail.then(() => {
    if (sections.get(owner) === tail) sections.delete(owner);
  });
  return run;
}

/** Flushes of this process under each owner: the lease is renewed while any runs, released by the last. */
interface Holding {
  count: number;
  renewal: NodeJS.Timeout | undefined;
  inFlight: Promise<void> | undefined;
}
const holding = new Map<string, Holding>();
const RENEW_EVERY_MS = 20_000;

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
    // Another local Lookout on the same data is worth a warning; on Lambda a run ending as the next one
    // starts (or an AWS Health invocation delivering) holds it as a matter of course.
    const say = owner.isStale ? log.warn : log.info;
    say.call(
      log,
      `Slack delivery waits: another Lookout holds the outbox until ${formatTime(new Date(holder.expiresAtMs).toISOString())}`,
      { holder: holder.owner },
    );
  } else {
    log.debug('outbox held by another run; leaving delivery to it', { holder: holder.owner });
  }
  return false;
}
