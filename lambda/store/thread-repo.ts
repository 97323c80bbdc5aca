import type { ReplyGroup } from '../domain/calm/reply-group.js';
import type { SlackRef } from '../domain/incident.js';
import { GSI1, indexKeys, keys, ROOTEDIT_DUE_PK, TTL_ATTRIBUTE } from './table.js';
import type { TableClient } from './table-client.js';

/** An incident's group of routine entries in one thread, and where its Slack reply is. */
export interface StoredGroup {
  group: ReplyGroup;
  /** The reply's ts, once Slack answered the post. */
  ts?: string;
  /** Written before the reply is posted; cleared with `ts`: a post of unknown outcome is looked up by it. */
  postingSince?: string;
  version: number;
}

/** When an incident's root was last edited, and (while one is owed) when the next edit may run. */
export interface RootEditState {
  incidentId: string;
  /** The root: where the owed edit goes. */
  ref?: SlackRef;
  lastEditAt?: string;
  dueAt?: string;
  /** The outbox channel whose delivery owed the edit: it waits while that channel's state changes do. */
  queue?: string;
  version: number;
}

/** Grouped replies and paced root edits are kept a week after their last write, then left to TTL. */
const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * What delivery remembers per thread to keep a channel calm: the open group of routine entries (one
 * reply edited in place) and each root's last edit. Every write is conditional on the item's version,
 * so two senders never both think they own the same group.
 */
export class ThreadRepo {
  constructor(private readonly table: TableClient) {}

  async group(incidentId: string, channel: string): Promise<StoredGroup | undefined> {
    const item = await this.table.get(keys.replyGroup(incidentId, channel));
    if (!item) return undefined;
    return { ...(item.data as Omit<StoredGroup, 'version'>), version: item.version as number };
  }

  /** Writes `next` if the stored version is still `expected` (0: none yet); ConcurrentUpdateError otherwise. */
  async putGroup(
    channel: string,
    next: Omit<StoredGroup, 'version'>,
    expected: number,
    at: Date,
  ): Promise<StoredGroup> {
    const version = expected + 1;
    await this.table.putIfVersion(
      {
        ...keys.replyGroup(next.group.incidentId, channel),
        version,
        data: next,
        [TTL_ATTRIBUTE]: expiry(at),
      },
      expected,
      `reply group of ${next.group.incidentId} in ${channel}`,
    );
    return { ...next, version };
  }

  async rootEdit(incidentId: string): Promise<RootEditState | undefined> {
    const item = await this.table.get(keys.rootEdit(incidentId));
    if (!item) return undefined;
    return { ...(item.data as Omit<RootEditState, 'version'>), version: item.version as number };
  }

  /** Writes the root's edit state; while an edit is owed it is listed by `dueRootEdits`. */
  async putRootEdit(
    next: Omit<RootEditState, 'version'>,
    expected: number,
    at: Date,
  ): Promise<RootEditState> {
    const version = expected + 1;
    await this.table.putIfVersion(
      {
        ...keys.rootEdit(next.incidentId),
        ...(next.dueAt ? indexKeys.rootEditDue(next.incidentId, next.dueAt) : {}),
        version,
        data: next,
        [TTL_ATTRIBUTE]: expiry(at),
      },
      expected,
      `root edit of ${next.incidentId}`,
    );
    return { ...next, version };
  }

  /** Root edits owed at `now` or earlier, oldest first (a run that ended or crashed before making them). */
  async dueRootEdits(now: Date, limit = 100): Promise<RootEditState[]> {
    const rows = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
        ExpressionAttributeValues: { ':pk': ROOTEDIT_DUE_PK, ':now': `${now.toISOString()}\uffff` },
      },
      limit,
    );
    // The index is eventually consistent on DynamoDB: each is re-read before it is acted on.
    const fresh = await Promise.all(rows.map((row) => this.rootEdit((row.data as RootEditState).incidentId)));
    return fresh.flatMap((state) =>
      state?.dueAt && Date.parse(state.dueAt) <= now.getTime() ? [state] : [],
    );
  }
}

function expiry(at: Date): number {
  return Math.floor(at.getTime() / 1000) + KEEP_SECONDS;
}
