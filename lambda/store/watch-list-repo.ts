import { RECORD_TYPES } from '../domain/observation.js';
import type { WatchedName } from '../domain/watch-list.js';
import * as z from '../shared/zod.js';
import { keys, ranges } from './table.js';
import { inRange, type TableClient } from './table-client.js';

const watchedSchema = z.object({
  targetId: z.string(),
  name: z.string(),
  type: z.enum(RECORD_TYPES),
  channel: z.optional(z.string()),
  by: z.string(),
  at: z.string(),
});

/** One change to the watch list, kept beside it: who, what, when, how they were allowed. */
export interface WatchAuditEntry {
  action: 'watch' | 'unwatch';
  targetId: string;
  by: string;
  at: string;
  /** The Slack request's identity: the same request audited twice is one entry. */
  requestId: string;
  facts: Record<string, string>;
}

/**
 * The names watched from Slack. One partition (`WATCHLIST`), so a probe round reads the whole list
 * with one query; each name is its own item, added and removed with single-item conditional writes,
 * so two people watching the same name at once get one entry and one "already watched".
 */
export class WatchListRepo {
  constructor(private readonly table: TableClient) {}

  /** Every watched name, in `name/TYPE` order. */
  async list(): Promise<WatchedName[]> {
    const items = await this.table.queryAll({ ...inRange(ranges.watchList()) });
    return items.flatMap((item) => {
      const parsed = watchedSchema.safeParse(item);
      // An item this Lookout cannot read (written by a later one) is skipped, not fatal to a round.
      return parsed.success ? [withoutUndefined(parsed.data)] : [];
    });
  }

  /** Adds a name; false (nothing written) when it is already watched. */
  add(watched: WatchedName): Promise<boolean> {
    return this.table.putIfAbsent({ ...keys.watched(watched.targetId), ...watched });
  }

  /** Removes a name; false when it was not watched. */
  remove(targetId: string): Promise<boolean> {
    return this.table.deleteIfEquals(keys.watched(targetId), 'targetId', targetId);
  }

  /** Records a change; idempotent on (time, request). */
  async audit(entry: WatchAuditEntry): Promise<void> {
    await this.table.putIfAbsent({ ...keys.watchAudit(entry.at, entry.requestId), ...entry });
  }

  /** The audit entries, oldest first. */
  async auditTrail(): Promise<WatchAuditEntry[]> {
    const items = await this.table.queryAll({ ...inRange(ranges.watchAudit()) });
    return items.map((item) => ({
      action: item.action === 'unwatch' ? 'unwatch' : 'watch',
      targetId: String(item.targetId),
      by: String(item.by),
      at: String(item.at),
      requestId: String(item.requestId),
      facts: (item.facts ?? {}) as Record<string, string>,
    }));
  }
}

function withoutUndefined(w: z.infer<typeof watchedSchema>): WatchedName {
  const { channel, ...rest } = w;
  return channel === undefined ? rest : { ...rest, channel };
}
