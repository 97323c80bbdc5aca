import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors.js';
import type { TableClient } from './table-client.js';

/**
 * A named, expiring lease: one holder at a time, taken over once it has expired (or, by `takeOver`,
 * when its holder is known to be dead). Keeps two overlapping runs from both delivering the same
 * outbox items to Slack (a double post).
 */
export class LeaseRepo {
  constructor(private readonly table: TableClient) {}

  async acquire(name: string, owner: string, nowMs: number, ttlMs: number): Promise<boolean> {
    return this.put(name, owner, nowMs + ttlMs, {
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs < :now OR #o = :owner',
      ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
    });
  }

  async holder(name: string): Promise<{ owner: string; expiresAtMs: number } | undefined> {
    const item = await this.table.get({ PK: `LEASE#${name}`, SK: 'LEASE' });
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
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: { PK: `LEASE#${name}`, SK: 'LEASE' },
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Expired and taken over by another holder: theirs now, nothing to release.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async put(
    name: string,
    owner: string,
    expiresAtMs: number,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { PK: `LEASE#${name}`, SK: 'LEASE', owner, expiresAtMs },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
