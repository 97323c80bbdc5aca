import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError } from './errors.js';
import type { DigestState, DigestStore, StoredDigest } from './ports.js';
import { DIGEST_PENDING_PK, GSI1, indexKeys, keys } from './table.js';
import type { Item, TableClient } from './table-client.js';

/** Each conflict means another writer made progress (an ingest, the sender): a few re-reads settle it. */
const CONFLICT_RETRY = {
  attempts: 10,
  retryable: (error: unknown) => error instanceof ConcurrentUpdateError,
};

/** Whether Slack still has to be brought up to date with this digest. */
export function isBehind(state: DigestState): boolean {
  return (state.shownRevision ?? 0) < state.revision && state.failedRevision !== state.revision;
}

/**
 * The per-channel AWS Health digests. Every write is conditional on the item's version; a digest whose
 * message is behind sits in a sparse index (written in the same put), so the delivery pass finds it
 * without a scan and a crash anywhere leaves it there until Slack shows its latest revision.
 */
export class HealthDigestRepo implements DigestStore {
  constructor(private readonly table: TableClient) {}

  async get(channel: string): Promise<StoredDigest | undefined> {
    const item = await this.table.get(keys.healthDigest(channel));
    return item ? fromItem(item) : undefined;
  }

  async listPending(): Promise<StoredDigest[]> {
    const rows = await this.table.queryAll({
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': DIGEST_PENDING_PK },
    });
    // The index is eventually consistent on DynamoDB: re-read each, and keep those still behind.
    const fresh = await Promise.all(rows.map((row) => this.get((row.data as DigestState).channel)));
    return fresh.filter((d): d is StoredDigest => d !== undefined && isBehind(d));
  }

  change(
    channel: string,
    next: (current: DigestState | undefined) => DigestState | undefined,
  ): Promise<StoredDigest | undefined> {
    return retry(async () => {
      const stored = await this.get(channel);
      const state = next(stored ? stateOf(stored) : undefined);
      if (!state) return stored;
      const version = (stored?.version ?? 0) + 1;
      await this.table.putIfVersion(
        {
          ...keys.healthDigest(channel),
          version,
          data: state,
          ...(isBehind(state) ? indexKeys.healthDigest(channel) : {}),
        },
        stored?.version ?? 0,
        `AWS Health digest of ${channel}`,
      );
      return { ...state, version };
    }, CONFLICT_RETRY);
  }
}

function fromItem(item: Item): StoredDigest {
  return { ...(item.data as DigestState), version: item.version as number };
}

function stateOf(stored: StoredDigest): DigestState {
  const { version: _version, ...state } = stored;
  return state;
}
