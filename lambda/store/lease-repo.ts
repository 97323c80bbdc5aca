import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors.js';
import type { TableClient } from './table-client.js';

/**
 * A named, expiring lease: one holder at a time, taken over only once it has expired. Keeps two
 * overlapping Lambda runs from both delivering the same outbox items to Slack (a double post).
 */
export class LeaseRepo {
  constructor(private readonly table: TableClient) {}

  async acquire(name: string, owner: string, nowMs: number, ttlMs: number): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { PK: `LEASE#${name}`, SK: 'LEASE', owner, expiresAtMs: nowMs + ttlMs },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs < :now OR #o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
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
}
