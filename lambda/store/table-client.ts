import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError, isConditionFailure } from './errors.js';

export type Key = { PK: string; SK: string };
export type Item = Key & Record<string, unknown>;

/** The handful of single-item conditional operations every repository is built from. */
export class TableClient {
  readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async get(key: Key): Promise<Item | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item as Item | undefined;
  }

  /** Creates the item unless it exists; returns false (and writes nothing) when it does. */
  async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Replaces the item only if its stored `version` is `expected` (0 = must not exist yet). */
  async putIfVersion(item: Item & { version: number }, expected: number, what: string): Promise<void> {
    const condition =
      expected === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : {
            ConditionExpression: '#v = :expected',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':expected': expected },
          };
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError(what, { cause: error });
      throw error;
    }
  }

  /** Deletes the item only while `attribute` still equals `value`; false when it did not. */
  async deleteIfEquals(key: Key, attribute: string, value: string): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#a = :v',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Runs a query to the end, following LastEvaluatedKey, up to `limit` items. */
  async queryAll(
    input: Omit<QueryCommandInput, 'TableName'>,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items.slice(0, limit);
  }
}
