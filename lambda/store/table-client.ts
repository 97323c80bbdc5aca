import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { exponential, retry } from '../shared/retry.js';
import { sleep as realSleep, type Sleep } from '../shared/sleep.js';
import { ConcurrentUpdateError, isConditionFailure, UnprocessedBatchError } from './errors.js';
import type { KeyRange } from './table.js';

export type Key = { PK: string; SK: string };
export type Item = Key & Record<string, unknown>;

/** The condition of a conditional write, in DynamoDB's own expression language. */
export interface Condition {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;
type Projection = Pick<QueryCommandInput, 'ProjectionExpression' | 'ExpressionAttributeNames'>;

/** DynamoDB's per-request batch limits. */
const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
/**
 * Unprocessed batch items are re-sent with backoff (50 ms doubling, 10 sends): DynamoDB returns them
 * under throttling, and giving up early would lose part of a snapshot.
 */
const BATCH_RETRY = { attempts: 10, backoff: exponential(50, 12_800) };

/** The key condition of a query over `range`; spread into a query input. */
export function inRange(
  range: KeyRange,
): Pick<QueryInput, 'KeyConditionExpression' | 'ExpressionAttributeValues'> {
  return {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': range.PK, ':prefix': range.prefix },
  };
}

/**
 * The only holder of the DynamoDB client: every repository is built from these operations, so the
 * store's access patterns (consistent reads, conditional writes, batch re-sends) live in one file.
 */
export class TableClient {
  private readonly doc: DynamoDBDocumentClient;
  private readonly sleep: Sleep;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    options: { sleep?: Sleep } = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.sleep = options.sleep ?? realSleep;
  }

  async get(key: Key): Promise<Item | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item as Item | undefined;
  }

  /** Creates the item unless it exists; returns false (and writes nothing) when it does. */
  putIfAbsent(item: Item): Promise<boolean> {
    return this.putIf(item, { ConditionExpression: 'attribute_not_exists(PK)' });
  }

  /** Writes the item only if `condition` holds; returns false (and writes nothing) when it does not. */
  async putIf(item: Item, condition: Condition): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
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
  async queryAll(input: QueryInput, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of this.queryPages(input)) {
      items.push(...page);
      if (items.length >= limit) break;
    }
    return items.slice(0, limit);
  }

  /** The query's pages in order (each at most `input.Limit` items), read as they are consumed. */
  async *queryPages(input: QueryInput): AsyncGenerator<Item[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield (out.Items ?? []) as Item[];
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** BatchGetItem, 100 keys per request, re-sending unprocessed keys; `visit` sees each item found. */
  async batchGet(keys: readonly Key[], projection: Projection, visit: (item: Item) => void): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH_GET_SIZE) {
      await this.untilProcessed('reads', keys.slice(i, i + BATCH_GET_SIZE), async (pending) => {
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ...projection } } }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) visit(item as Item);
        return (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
      });
    }
  }

  /** Unconditional puts, 25 per request (idempotent writes only: a re-sent put may land twice). */
  batchPut(items: readonly Item[]): Promise<void> {
    return this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  batchDelete(keys: readonly Key[]): Promise<void> {
    return this.batchWrite(keys.map((Key) => ({ DeleteRequest: { Key } })));
  }

  private async batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_WRITE_SIZE) {
      await this.untilProcessed('writes', requests.slice(i, i + BATCH_WRITE_SIZE), async (pending) => {
        const out = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        return (out.UnprocessedItems?.[this.tableName] ?? []) as WriteRequest[];
      });
    }
  }

  /** Sends `batch`, then re-sends what `send` returns as unprocessed, until nothing is left. */
  private async untilProcessed<T>(
    operation: 'reads' | 'writes',
    batch: T[],
    send: (pending: T[]) => Promise<T[]>,
  ): Promise<void> {
    let pending = batch;
    await retry(
      async () => {
        pending = await send(pending);
        if (pending.length) throw new UnprocessedBatchError(operation, pending.length);
      },
      { ...BATCH_RETRY, retryable: (error) => error instanceof UnprocessedBatchError, sleep: this.sleep },
    );
  }
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };
