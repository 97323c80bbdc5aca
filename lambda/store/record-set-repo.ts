import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { emptyHistory, type RecordSetHistory } from '../domain/route53/history.js';
import {
  hashOf,
  type RecordSetContent,
  type RecordSetKey,
  recordSetId,
  withoutHash,
} from '../domain/route53/record-set.js';
import type { ViewedRecordSet } from '../domain/route53/seen-versions.js';
import type { SnapshotCheckpoint } from './snapshot-checkpoint.js';
import type { Item, TableClient } from './table-client.js';

/**
 * Route 53 state: the last complete view of each watched zone (one item per record set, written only
 * when its content hash changes), each record set's version history, and the snapshot checkpoint.
 *
 * | item                  | PK                     | SK                          |
 * |-----------------------|------------------------|-----------------------------|
 * | zone record set       | ZONE#<zoneId>          | RRSET#<recordSetId>         | (+ `since`: first seen)
 * | snapshot checkpoint   | ZONE#<zoneId>          | SNAPSHOT                    |
 * | page of a snapshot    | ZONE#<zoneId>          | SEEN#<snapshotId>#<page>#<n> |
 * | record-set history    | RRSET#<recordSetId>    | HISTORY                     |
 */
export class RecordSetRepo {
  constructor(private readonly table: TableClient) {}

  async history(key: RecordSetKey): Promise<RecordSetHistory> {
    const item = await this.table.get({ PK: `RRSET#${recordSetId(key)}`, SK: 'HISTORY' });
    if (!item) return emptyHistory(key);
    return { ...(item.data as RecordSetHistory), version: item.version as number };
  }

  /** Several histories at once (100 keys per BatchGetItem): record-set id → history. */
  async histories(keys: readonly RecordSetKey[]): Promise<Map<string, RecordSetHistory>> {
    const found = new Map<string, RecordSetHistory>();
    const itemKeys = keys.map((k) => ({ PK: `RRSET#${recordSetId(k)}`, SK: 'HISTORY' }));
    await this.batchGet(itemKeys, {}, (item) => {
      const history = { ...(item.data as RecordSetHistory), version: item.version as number };
      found.set(history.id, history);
    });
    for (const key of keys) if (!found.has(recordSetId(key))) found.set(recordSetId(key), emptyHistory(key));
    return found;
  }

  /** Saves as version + 1, conditional on the version read (ConcurrentUpdateError otherwise). */
  async saveHistory(history: RecordSetHistory): Promise<RecordSetHistory> {
    const { version, ...data } = history;
    await this.table.putIfVersion(
      { PK: `RRSET#${history.id}`, SK: 'HISTORY', version: version + 1, data },
      version,
      `record-set history ${history.id}`,
    );
    return { ...history, version: version + 1 };
  }

  /** The zone as of its last complete snapshot (plus the changed sets of one in progress): id → content. */
  async zoneRecordSets(zoneId: string): Promise<Map<string, RecordSetContent & { hash: string }>> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rr)',
      ExpressionAttributeValues: { ':pk': `ZONE#${zoneId}`, ':rr': 'RRSET#' },
    });
    return new Map(
      items.map((i) => [i.id as string, { ...(i.data as RecordSetContent), hash: i.hash as string }]),
    );
  }

  /** id → content hash of the stored view: what a diff needs first, without every record's content. */
  async zoneHashes(zoneId: string): Promise<Map<string, string>> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rr)',
      ExpressionAttributeValues: { ':pk': `ZONE#${zoneId}`, ':rr': 'RRSET#' },
      ProjectionExpression: 'id, #h',
      ExpressionAttributeNames: { '#h': 'hash' },
    });
    return new Map(items.map((i) => [i.id as string, i.hash as string]));
  }

  /** The stored contents of some record sets (100 keys per BatchGetItem, unprocessed keys re-sent). */
  async recordSetsById(
    zoneId: string,
    ids: readonly string[],
  ): Promise<Map<string, RecordSetContent & { hash: string }>> {
    const found = new Map<string, RecordSetContent & { hash: string }>();
    await this.batchGet(zoneKeys(zoneId, ids), {}, (item) =>
      found.set(item.id as string, { ...(item.data as RecordSetContent), hash: item.hash as string }),
    );
    return found;
  }

  /**
   * The stored members of one name/type (every set identifier): one key-range query, whatever the
   * zone's size. Ids are `<zoneId>/<name>/<TYPE>[/<set identifier>]`, so the prefix also matches
   * longer types (`A` → `AAAA`): those are filtered out.
   */
  async groupRecordSets(zoneId: string, name: string, type: string): Promise<RecordSetContent[]> {
    const prefix = `${zoneId}/${name}/${type}`;
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rr)',
      ExpressionAttributeValues: { ':pk': `ZONE#${zoneId}`, ':rr': `RRSET#${prefix}` },
    });
    return items
      .filter((i) => i.id === prefix || (i.id as string).startsWith(`${prefix}/`))
      .map((i) => ({ ...(i.data as RecordSetContent), hash: i.hash as string }));
  }

  /**
   * Writes record sets (25 per request); idempotent, so a resumed snapshot may write one again. Only
   * new or changed contents are written, so `seenAt` is when this content was first seen.
   */
  async putRecordSets(recordSets: readonly RecordSetContent[], seenAt?: string): Promise<void> {
    await this.batch(
      recordSets.map((r) => ({
        PutRequest: {
          Item: {
            PK: `ZONE#${r.key.zoneId}`,
            SK: `RRSET#${recordSetId(r.key)}`,
            id: recordSetId(r.key),
            hash: hashOf(r),
            data: withoutHash(r),
            ...(seenAt ? { since: seenAt } : {}),
          },
        },
      })),
    );
  }

  /** One record set as the zone view holds it, with when its content was first seen. */
  async viewedRecordSet(key: RecordSetKey): Promise<ViewedRecordSet | undefined> {
    const item = await this.table.get({ PK: `ZONE#${key.zoneId}`, SK: `RRSET#${recordSetId(key)}` });
    if (!item) return undefined;
    return {
      content: item.data as RecordSetContent,
      hash: item.hash as string,
      ...(typeof item.since === 'string' ? { firstSeen: item.since } : {}),
    };
  }

  /** id → when the view's content was first seen, for the ids that have it. */
  async firstSeen(zoneId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const projection = { ProjectionExpression: 'id, #s', ExpressionAttributeNames: { '#s': 'since' } };
    await this.batchGet(zoneKeys(zoneId, ids), projection, (item) => {
      if (typeof item.since === 'string') found.set(item.id as string, item.since);
    });
    return found;
  }

  async deleteRecordSets(keys: readonly RecordSetKey[]): Promise<void> {
    await this.batch(
      keys.map((k) => ({
        DeleteRequest: { Key: { PK: `ZONE#${k.zoneId}`, SK: `RRSET#${recordSetId(k)}` } },
      })),
    );
  }

  async checkpoint(zoneId: string): Promise<SnapshotCheckpoint> {
    const item = await this.table.get({ PK: `ZONE#${zoneId}`, SK: 'SNAPSHOT' });
    return item
      ? { ...(item.data as SnapshotCheckpoint), version: item.version as number }
      : { zoneId, version: 0 };
  }

  async saveCheckpoint(checkpoint: SnapshotCheckpoint): Promise<SnapshotCheckpoint> {
    const { version, ...data } = checkpoint;
    await this.table.putIfVersion(
      { PK: `ZONE#${checkpoint.zoneId}`, SK: 'SNAPSHOT', version: version + 1, data },
      version,
      `snapshot checkpoint ${checkpoint.zoneId}`,
    );
    return { ...checkpoint, version: version + 1 };
  }

  /**
   * Keeps one listed page of a snapshot in progress, so a snapshot cut short (timeout, throttling, crash)
   * resumes from its last page with everything it had already read. Large pages are split to stay under
   * DynamoDB's 400 KB item limit.
   */
  async putSeenPage(
    zoneId: string,
    snapshotId: string,
    page: number,
    recordSets: readonly RecordSetContent[],
  ): Promise<void> {
    const chunks: RecordSetContent[][] = [[]];
    let size = 0;
    for (const r of recordSets) {
      const bytes = JSON.stringify(r).length;
      if (size + bytes > 300_000 && (chunks.at(-1) as RecordSetContent[]).length) {
        chunks.push([]);
        size = 0;
      }
      (chunks.at(-1) as RecordSetContent[]).push(r);
      size += bytes;
    }
    await this.batch(
      chunks.map((chunk, i) => ({
        PutRequest: {
          Item: {
            PK: `ZONE#${zoneId}`,
            SK: `SEEN#${snapshotId}#${String(page).padStart(6, '0')}#${i}`,
            recordSets: JSON.stringify(chunk),
          },
        },
      })),
    );
  }

  /**
   * Streams what a snapshot read, page by page in listing order, without holding the whole zone in
   * memory (a 100,000-record zone is read back once at the end of a snapshot).
   */
  async forEachSeenRecordSet(
    zoneId: string,
    snapshotId: string,
    visit: (recordSet: RecordSetContent & { hash?: string }) => void,
  ): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :seen)',
          ExpressionAttributeValues: { ':pk': `ZONE#${zoneId}`, ':seen': `SEEN#${snapshotId}#` },
          Limit: 10,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? [])
        for (const r of JSON.parse(item.recordSets as string) as RecordSetContent[]) visit(r);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  async deleteSeenPages(zoneId: string, snapshotId: string): Promise<void> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :seen)',
      ExpressionAttributeValues: { ':pk': `ZONE#${zoneId}`, ':seen': `SEEN#${snapshotId}#` },
      ProjectionExpression: 'PK, SK',
    });
    await this.batch(items.map((i: Item) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })));
  }

  /** BatchGetItem, 100 keys per request, re-sending unprocessed keys. */
  private async batchGet(
    keys: readonly Record<string, unknown>[],
    projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> },
    visit: (item: Record<string, unknown>) => void,
  ): Promise<void> {
    for (let i = 0; i < keys.length; i += 100) {
      let pending = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length; attempt++) {
        const out = await this.table.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: pending, ...projection } } }),
        );
        for (const item of out.Responses?.[this.table.tableName] ?? []) visit(item);
        pending = (out.UnprocessedKeys?.[this.table.tableName]?.Keys ?? []) as Record<string, unknown>[];
        if (pending.length && attempt > 8)
          throw new Error(`DynamoDB left ${pending.length} reads unprocessed`);
        if (pending.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  /** BatchWrite in chunks of 25, re-sending unprocessed items (DynamoDB may return some under load). */
  private async batch(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length; attempt++) {
        const out = await this.table.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.table.tableName]: pending as never } }),
        );
        pending = (out.UnprocessedItems?.[this.table.tableName] ?? []) as Record<string, unknown>[];
        if (pending.length && attempt > 8)
          throw new Error(`DynamoDB left ${pending.length} writes unprocessed`);
        if (pending.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }
}

function zoneKeys(zoneId: string, ids: readonly string[]): Record<string, unknown>[] {
  return ids.map((id) => ({ PK: `ZONE#${zoneId}`, SK: `RRSET#${id}` }));
}
