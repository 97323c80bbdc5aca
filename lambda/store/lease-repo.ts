import { keys } from './table.js';
import type { Condition, TableClient } from './table-client.js';

/**
 * A named, expiring lease: one holder at a time, taken over once it has expired (or, by `takeOver`,
 * when its holder is known to be dead). Keeps two overlapping runs from both delivering the same
 * outbox items to Slack (a double post).
 */
export class LeaseRepo {
  constructor(private readonly table: TableClient) {}

  acquire(name: string, owner: string, nowMs: number, ttlMs: number): Promise<boolean> {
    return this.put(name, owner, nowMs + ttlMs, {
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs < :now OR #o = :owner',
      ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
    });
  }

  async holder(name: string): Promise<{ owner: string; expiresAtMs: number } | undefined> {
    const item = await this.table.get(keys.lease(name));
    return item ? { owner: item.owner as string, expiresAtMs: item.expiresAtMs as number } : undefined;
  }

  /** Replaces `previous` as holder, only while it still holds the lease (two successors cannot both win). */
  takeOver(name: string, previous: string, owner: string, expiresAtMs: number): Promise<boolean> {
    return this.put(name, owner, expiresAtMs, {
      ConditionExpression: '#o = :previous',
      ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':previous': previous },
    });
  }

  async release(name: string, owner: string): Promise<void> {
    // False when it expired and was taken over: theirs now, nothing to release.
    await this.table.deleteIfEquals(keys.lease(name), 'owner', owner);
  }

  private put(name: string, owner: string, expiresAtMs: number, condition: Condition): Promise<boolean> {
    return this.table.putIf({ ...keys.lease(name), owner, expiresAtMs }, condition);
  }
}
