import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { LeaseOwner } from '../../lambda/service/outbox-delivery.js';

const PREFIX = 'local';

/**
 * The outbox lease owner of a local `lookout start`: host, pid and data directory in the id, so a
 * restart after `kill -9` recognises its own dead predecessor (same host and directory, pid gone) and
 * takes delivery over at once instead of waiting out the lease.
 */
export function localLeaseOwner(dataDir: string): LeaseOwner {
  const dir = resolve(dataDir);
  const host = hostname();
  const id = JSON.stringify([PREFIX, host, process.pid, dir, randomUUID()]);
  return {
    id,
    isStale: (holder) => {
      const parsed = parse(holder);
      if (!parsed || holder === id || parsed.host !== host || parsed.dir !== dir) return false;
      // Our own pid under another id: an earlier process that had this pid (containers reuse them).
      return parsed.pid === process.pid || !alive(parsed.pid);
    },
  };
}

function parse(holder: string): { host: string; pid: number; dir: string } | undefined {
  try {
    const value: unknown = JSON.parse(holder);
    if (!Array.isArray(value) || value[0] !== PREFIX) return undefined;
    const [, host, pid, dir] = value;
    return typeof host === 'string' && Number.isInteger(pid) && typeof dir === 'string'
      ? { host, pid, dir }
      : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else, so it is not provably ours and dead.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
