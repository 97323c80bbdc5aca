import type { Storm, StormState } from '../domain/calm/storm.js';
import type { SlackRef } from '../domain/incident.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError } from './errors.js';
import { GSI1, indexKeys, keys, STORM_DUE_PK } from './table.js';
import type { Item, TableClient } from './table-client.js';

/** Where Slack stands with the current storm's one summary message. */
export interface StormMessage {
  /** The storm these facts are about (a later storm in the channel gets a new message). */
  stormId: string;
  /** The message, once posted (or found again by its metadata). */
  ref?: SlackRef;
  /** Written before the first post leaves: from then on a post is looked up before it is made again. */
  postingSince?: string;
  /** The latest attempt that may have posted: a lookup that finds nothing waits a grace period from it. */
  graceFrom?: string;
  /** Which attempt wrote `graceFrom` (two containers racing: only the one whose claim was stored posts). */
  postingBy?: string;
  /** Counts changes of the storm's summary (an incident joined, the storm ended). */
  revision: number;
  /** The revision the message was posted or last edited with. */
  shownRevision: number;
  /** When the latest edit was claimed: edits are paced per storm. */
  editedAt?: string;
}

/** A channel's storm counts and the Slack facts of its message, as one item. */
export interface StormRecord {
  channel: string;
  state: StormState;
  message?: StormMessage;
  /** An earlier storm whose "over" summary Slack does not show yet (a new storm started first). */
  previous?: { storm: Storm; ref: SlackRef };
}

export interface StoredStorm extends StormRecord {
  /** The item's version, for conditional writes. */
  version: number;
}

export interface StormStore {
  get(channel: string): Promise<StoredStorm | undefined>;
  /**
   * Reads, applies `next` and writes conditionally on the version, re-reading on a conflict (bounded);
   * `next` returning undefined writes nothing. Returns what is stored afterwards.
   */
  change(
    channel: string,
    next: (current: StormRecord | undefined) => StormRecord | undefined,
  ): Promise<StoredStorm | undefined>;
  /** Channels whose storm message needs a post or an edit, or whose storm may be over. */
  dueChannels(): Promise<string[]>;
}

/** Each conflict means another writer made progress (an opening counted, an edit claimed). */
const CONFLICT_RETRY = {
  attempts: 20,
  retryable: (error: unknown) => error instanceof ConcurrentUpdateError,
};

/**
 * Whether the delivery still has work on this channel's storm: a message to post or edit, an earlier
 * storm's end to show, or a storm going on (its end is noticed by a later refresh).
 */
export function isStormDue(record: StormRecord): boolean {
  const storm = record.state.storm;
  if (record.previous) return true;
  if (!storm) return false;
  if (!storm.endedAt) return true;
  const message = record.message;
  return !message?.ref || message.stormId !== storm.id || message.shownRevision < message.revision;
}

/**
 * The per-channel storm item. Every write is conditional on its version; a storm whose message is due
 * sits in a sparse index (written in the same put), so a delivery pass after a crash finds it.
 */
export class StormRepo implements StormStore {
  constructor(private readonly table: TableClient) {}

  async get(channel: string): Promise<StoredStorm | undefined> {
    const item = await this.table.get(keys.stormState(channel));
    return item ? fromItem(item) : undefined;
  }

  async dueChannels(): Promise<string[]> {
    const rows = await this.table.queryAll({
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': STORM_DUE_PK },
    });
    // The index is eventually consistent on DynamoDB: re-read each, and keep those still due.
    const fresh = await Promise.all(rows.map((row) => this.get((row.data as StormRecord).channel)));
    return fresh.filter((s): s is StoredStorm => s !== undefined && isStormDue(s)).map((s) => s.channel);
  }

  change(
    channel: string,
    next: (current: StormRecord | undefined) => StormRecord | undefined,
  ): Promise<StoredStorm | undefined> {
    return retry(async () => {
      const stored = await this.get(channel);
      const record = next(stored ? recordOf(stored) : undefined);
      if (!record) return stored;
      const version = (stored?.version ?? 0) + 1;
      await this.table.putIfVersion(
        {
          ...keys.stormState(channel),
          version,
          data: record,
          ...(isStormDue(record) ? indexKeys.stormDue(channel) : {}),
        },
        stored?.version ?? 0,
        `storm of ${channel}`,
      );
      return { ...record, version };
    }, CONFLICT_RETRY);
  }
}

function fromItem(item: Item): StoredStorm {
  return { ...(item.data as StormRecord), version: item.version as number };
}

function recordOf(stored: StoredStorm): StormRecord {
  const { version: _version, ...record } = stored;
  return record;
}
