import { entryWeight } from '../domain/calm/entry-weight.js';
import type { TimelineEntry } from '../domain/incident.js';
import type { OutboxItem, OutboxStore } from './ports.js';
import {
  GSI1,
  indexKeys,
  keys,
  OUTBOX_FAILED_PK,
  OUTBOX_PENDING_PK,
  outboxIndexAfter,
  outboxIndexSk,
  outboxLanePrefix,
  outboxPendingSk,
  outboxRoutineRange,
  TTL_ATTRIBUTE,
  timelineOrder,
} from './table.js';
import type { Item, Key, TableClient } from './table-client.js';

const SENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Slack messages waiting to be sent. Pending and failed items sit in a sparse index keyed by channel
 * then time; marking one sent removes it from the index but keeps the item, so nothing is ever lost
 * silently. Every write is conditional on the item's version.
 */
export class OutboxRepo implements OutboxStore {
  constructor(private readonly table: TableClient) {}

  /** The entry's timeline order: a channel's replies are posted in the order its timeline reads. */
  static seqOf(entry: TimelineEntry): string {
    return timelineOrder(entry);
  }

  /** Idempotent: enqueuing the same entry for the same channel twice stores it once. */
  enqueue(
    channel: string,
    entry: TimelineEntry,
    enqueuedAt: string = new Date().toISOString(),
  ): Promise<boolean> {
    const seq = OutboxRepo.seqOf(entry);
    const item: OutboxItem = {
      channel,
      incidentId: entry.incidentId,
      seq,
      entry,
      status: 'pending',
      attempts: 0,
      enqueuedAt,
    };
    return this.table.putIfAbsent({
      ...keys.outbox(channel, seq),
      ...indexKeys.outbox('pending', item),
      version: 1,
      data: item,
    });
  }

  /**
   * The channels that have pending items. One short query per channel (a skip scan over the index:
   * ask for the first key after the previous channel's last), so a channel with thousands of stuck
   * items costs no more to step over than one with a single item.
   */
  async pendingChannels(): Promise<string[]> {
    const channels: string[] = [];
    let after: string | undefined;
    for (;;) {
      const [first] = await this.table.queryAll(
        {
          IndexName: GSI1,
          KeyConditionExpression: after ? 'GSI1PK = :pk AND GSI1SK > :after' : 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': OUTBOX_PENDING_PK, ...(after ? { ':after': after } : {}) },
          Limit: 1,
        },
        1,
      );
      if (!first) return channels;
      const data = first.data as OutboxItem;
      if (first.GSI1SK !== outboxPendingSk(data)) {
        // Written by an earlier Lookout (the index key was the bare seq, or the channel and seq with no
        // lane): re-key it, then start over, since its new key may sort before channels already passed.
        await this.reindex(first);
        channels.length = 0;
        after = undefined;
        continue;
      }
      channels.push(data.channel);
      after = outboxIndexAfter(data.channel);
    }
  }

  /**
   * Pending items: of one channel, or of every channel (each channel's first `limit`). A channel's state
   * changes come first, oldest first, then its routine items; when its state changes alone fill the page,
   * the routine items of their incidents that are older than them come too, so a sender can keep each
   * thread in timeline order without the routine backlog of other incidents standing in the way.
   * The index is eventually consistent on DynamoDB, so each candidate is re-read consistently and
   * dropped if it was sent meanwhile: an item is never posted twice because the index lagged.
   */
  async listPending(limit: number, channel?: string): Promise<OutboxItem[]> {
    const channels = channel === undefined ? await this.pendingChannels() : [channel];
    const lists = await Promise.all(channels.map((c) => this.channelPending(c, limit)));
    return lists.flat().filter((item) => item.status === 'pending');
  }

  /**
   * The oldest pending state changes of a channel (at most `limit`): what a sender must not keep waiting.
   * Read from the index alone, which may lag a moment on DynamoDB: for deciding what waits, never for
   * sending (listPending re-reads what it lists).
   */
  async pendingStateChanges(channel: string, limit: number): Promise<OutboxItem[]> {
    const rows = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': OUTBOX_PENDING_PK,
          ':prefix': outboxLanePrefix(channel, 'state-change'),
        },
        Limit: limit,
      },
      limit,
    );
    return rows.map((row) => row.data as OutboxItem).filter((item) => item.status === 'pending');
  }

  /** Items given up on, per channel, oldest first: kept until a person retries them. */
  async listFailed(limit = 1000): Promise<OutboxItem[]> {
    const items = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': OUTBOX_FAILED_PK },
      },
      limit,
    );
    return (await this.fresh(items)).filter((item) => item.status === 'failed');
  }

  async get(channel: string, seq: string): Promise<OutboxItem | undefined> {
    return (await this.table.get(keys.outbox(channel, seq)))?.data as OutboxItem | undefined;
  }

  /**
   * Write-ahead for a post: records that an attempt is starting (and since when its outcome may be
   * unknown) before the request leaves, so a crash or a lost answer is looked up, never re-posted blind.
   */
  async markAttempt(item: OutboxItem, at: string): Promise<OutboxItem> {
    // Pessimistic until the attempt's end is recorded: this attempt may post (a crash leaves it so).
    const next = { ...item, uncertainSince: item.uncertainSince ?? at, graceFrom: at };
    await this.write(next, 'pending');
    return next;
  }

  async markSent(item: OutboxItem, sentAt: string, ts?: string): Promise<void> {
    // Delivered items are kept a while for audit, then left to DynamoDB's TTL; the timeline keeps the entry.
    const expiresAt = Math.floor(Date.parse(sentAt) / 1000) + SENT_RETENTION_SECONDS;
    const { uncertainSince: _done, graceFrom: _over, ...rest } = item;
    await this.write({ ...rest, status: 'sent', sentAt, ...(ts ? { ts } : {}) }, undefined, expiresAt);
  }

  /**
   * A retryable failure stays pending (attempts + 1); a permanent one leaves the pending index and is
   * listed as failed. `item.uncertainSince` is stored as given: the sender clears it only when Slack
   * answered that nothing was posted.
   */
  async markFailed(item: OutboxItem, reason: string, permanent: boolean): Promise<void> {
    await this.write(
      { ...item, status: permanent ? 'failed' : 'pending', attempts: item.attempts + 1, lastError: reason },
      permanent ? 'failed' : 'pending',
    );
  }

  /** Puts a failed item back in line (a person asked for it); its age for giving up counts from now. */
  async retry(item: OutboxItem, at: string): Promise<boolean> {
    const stored = await this.get(item.channel, item.seq);
    if (stored?.status !== 'failed') return false;
    const { failingSince: _reset, ...rest } = stored;
    await this.write({ ...rest, status: 'pending', attempts: 0, retriedAt: at }, 'pending');
    return true;
  }

  private async reindex(row: Item): Promise<void> {
    const data = row.data as OutboxItem;
    await this.write(
      data,
      data.status === 'pending' ? 'pending' : data.status === 'failed' ? 'failed' : undefined,
    );
  }

  private async write(
    item: OutboxItem,
    index: 'pending' | 'failed' | undefined,
    expiresAt?: number,
  ): Promise<void> {
    const key = keys.outbox(item.channel, item.seq);
    const stored = await this.table.get(key);
    const version = (stored?.version as number | undefined) ?? 0;
    // Sent is final: a late failure report from a slower sender must not make it pending again.
    if ((stored?.data as OutboxItem | undefined)?.status === 'sent') return;
    await this.table.putIfVersion(
      {
        ...key,
        version: version + 1,
        data: item,
        ...(index ? indexKeys.outbox(index, item) : {}),
        ...(expiresAt ? { [TTL_ATTRIBUTE]: expiresAt } : {}),
      },
      version,
      `outbox item ${item.seq}`,
    );
  }

  private async channelPending(channel: string, limit: number): Promise<OutboxItem[]> {
    const page = await this.channelItems(OUTBOX_PENDING_PK, outboxIndexSk(channel, ''), limit);
    if (page.length < limit) return page;
    // A full page may end before the routine items a listed state change's thread must show first.
    const latest = new Map<string, string>();
    for (const item of page) {
      if (entryWeight(item.entry) === 'routine' || item.entry.kind === 'OPENED') continue;
      const seen = latest.get(item.incidentId);
      if (seen === undefined || item.seq > seen) latest.set(item.incidentId, item.seq);
    }
    const listed = new Set(page.map((item) => item.seq));
    const held = new Map<string, string>();
    const earlier: OutboxItem[] = [];
    await Promise.all(
      [...latest].map(async ([incidentId, seq]) => {
        const range = outboxRoutineRange(channel, incidentId, seq);
        const items = await this.rangeItems(OUTBOX_PENDING_PK, range, limit);
        earlier.push(...items.filter((item) => !listed.has(item.seq)));
        // Even older routine items than fit: this incident's later state changes wait for a later page.
        if (items.length >= limit) held.set(incidentId, (items.at(-1) as OutboxItem).seq);
      }),
    );
    const kept = page.filter((item) => {
      const bound = held.get(item.incidentId);
      return bound === undefined || entryWeight(item.entry) === 'routine' || item.seq < bound;
    });
    return [...kept, ...earlier];
  }

  private async channelItems(pk: string, prefix: string, limit: number): Promise<OutboxItem[]> {
    const items = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        Limit: limit,
      },
      limit,
    );
    return this.fresh(items);
  }

  private async rangeItems(pk: string, [from, to]: [string, string], limit: number): Promise<OutboxItem[]> {
    const items = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
        Limit: limit,
      },
      limit,
    );
    return this.fresh(items);
  }

  private async fresh(rows: Item[]): Promise<OutboxItem[]> {
    const fresh = await Promise.all(rows.map((row) => this.table.get(keyOf(row))));
    return fresh.flatMap((item) => (item ? [item.data as OutboxItem] : []));
  }
}

/** The table key of an index row, to re-read the item consistently (the index may lag). */
function keyOf(row: Item): Key {
  return { PK: row.PK, SK: row.SK };
}
