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
import { keys, ranges } from './table.js';
import { type Item, inRange, type Key, type TableClient } from './table-client.js';

/**
 * Route 53 state: the last complete view of each watched zone (one item per record set, written only
 * when its content hash changes), each record set's version history, and the snapshot checkpoint
 * (key shapes in table.ts).
 */
export class RecordSetRepo {
  constructor(private readonly table: TableClient) {}

  async history(key: RecordSetKey): Promise<RecordSetHistory> {
    const item = await this.table.get(keys.recordSetHistory(recordSetId(key)));
    if (!item) return emptyHistory(key);
    return { ...(item.data as RecordSetHistory), version: item.version as number };
  }

  /** Several histories at once (100 keys per BatchGetItem): record-set id → history. */
  async histories(recordSets: readonly RecordSetKey[]): Promise<Map<string, RecordSetHistory>> {
    const found = new Map<string, RecordSetHistory>();
    const itemKeys = recordSets.map((k) => keys.recordSetHistory(recordSetId(k)));
    await this.table.batchGet(itemKeys, {}, (item) => {
      const history = { ...(item.data as RecordSetHistory), version: item.version as number };
      found.set(history.id, history);
    });
    for (const key of recordSets)
      if (!found.has(recordSetId(key))) found.set(recordSetId(key), emptyHistory(key));
    return found;
  }

  /** Saves as version + 1, conditional on the version read (ConcurrentUpdateError otherwise). */
  async saveHistory(history: RecordSetHistory): Promise<RecordSetHistory> {
    const { version, ...data } = history;
    await this.table.putIfVersion(
      { ...keys.recordSetHistory(history.id), version: version + 1, data },
      version,
      `record-set history ${history.id}`,
    );
    return { ...history, version: version + 1 };
  }

  /** The zone as of its last complete snapshot (plus the changed sets of one in progress): id → content. */
  async zoneRecordSets(zoneId: string): Promise<Map<string, RecordSetContent & { hash: string }>> {
    const items = await this.table.queryAll(inRange(ranges.zoneRecordSets(zoneId)));
    return new Map(
      items.map((i) => [i.id as string, { ...(i.data as RecordSetContent), hash: i.hash as string }]),
    );
  }

  /** id → content hash of the stored view: what a diff needs first, without every record's content. */
  async zoneHashes(zoneId: string): Promise<Map<string, string>> {
    const items = await this.table.queryAll({
      ...inRange(ranges.zoneRecordSets(zoneId)),
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
    await this.table.batchGet(zoneKeys(zoneId, ids), {}, (item) =>
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
    const items = await this.table.queryAll(inRange(ranges.zoneRecordSets(zoneId, prefix)));
    return items
      .filter((i) => i.id === prefix || (i.id as string).startsWith(`${prefix}/`))
      .map((i) => ({ ...(i.data as RecordSetContent), hash: i.hash as string }));
  }

  /**
   * Writes record sets (25 per request); idempotent, so a resumed snapshot may write one again. Only
   * new or changed contents are written, so `seenAt` is when this content was first seen.
   */
  async putRecordSets(recordSets: readonly RecordSetContent[], seenAt?: string): Promise<void> {
    await this.table.batchPut(
      recordSets.map((r) => ({
        ...keys.zoneRecordSet(r.key.zoneId, recordSetId(r.key)),
        id: recordSetId(r.key),
        hash: hashOf(r),
        data: withoutHash(r),
        ...(seenAt ? { since: seenAt } : {}),
      })),
    );
  }

  /** One record set as the zone view holds it, with when its content was first seen. */
  async viewedRecordSet(key: RecordSetKey): Promise<ViewedRecordSet | undefined> {
    const item = await this.table.get(keys.zoneRecordSet(key.zoneId, recordSetId(key)));
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
    await this.table.batchGet(zoneKeys(zoneId, ids), projection, (item) => {
      if (typeof item.since === 'string') found.set(item.id as string, item.since);
    });
    return found;
  }

  async deleteRecordSets(recordSets: readonly RecordSetKey[]): Promise<void> {
    await this.table.batchDelete(recordSets.map((k) => keys.zoneRecordSet(k.zoneId, recordSetId(k))));
  }

  async checkpoint(zoneId: string): Promise<SnapshotCheckpoint> {
    const item = await this.table.get(keys.snapshotCheckpoint(zoneId));
    return item
      ? { ...(item.data as SnapshotCheckpoint), version: item.version as number }
      : { zoneId, version: 0 };
  }

  async saveCheckpoint(checkpoint: SnapshotCheckpoint): Promise<SnapshotCheckpoint> {
    const { version, ...data } = checkpoint;
    await this.table.putIfVersion(
      { ...keys.snapshotCheckpoint(checkpoint.zoneId), version: version + 1, data },
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
    await this.table.batchPut(
      chunks.map((chunk, i) => ({
        ...keys.seenPage(zoneId, snapshotId, page, i),
        recordSets: JSON.stringify(chunk),
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
    // Ten items a page: each holds up to 300 KB of record sets.
    for await (const page of this.table.queryPages({
      ...inRange(ranges.seenPages(zoneId, snapshotId)),
      Limit: 10,
    }))
      for (const item of page)
        for (const r of JSON.parse(item.recordSets as string) as RecordSetContent[]) visit(r);
  }

  async deleteSeenPages(zoneId: string, snapshotId: string): Promise<void> {
    const items = await this.table.queryAll({
      ...inRange(ranges.seenPages(zoneId, snapshotId)),
      ProjectionExpression: 'PK, SK',
    });
    await this.table.batchDelete(items.map((i: Item) => ({ PK: i.PK, SK: i.SK })));
  }
}

function zoneKeys(zoneId: string, ids: readonly string[]): Key[] {
  return ids.map((id) => keys.zoneRecordSet(zoneId, id));
}
