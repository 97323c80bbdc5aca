import type { TimelineEntry } from '../domain/incident.js';
import type { OutboxItem, OutboxStore } from './ports.js';
import { GSI1, keys, OUTBOX_PENDING_PK, TTL_ATTRIBUTE, timelineRank } from './table.js';
import type { TableClient } from './table-client.js';

const SENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Slack messages waiting to be sent. Pending items sit in a sparse index ordered by time; marking one
 * sent or failed removes it from the index but keeps the item, so nothing is ever lost silently.
 */
export class OutboxRepo implements OutboxStore {
  constructor(private readonly table: TableClient) {}

  static seqOf(entry: TimelineEntry): string {
    return `${entry.at}#${timelineRank(entry.kind)}#${entry.entryId}`;
  }

  /** Idempotent: enqueuing the same entry for the same channel twice stores it once. */
  enqueue(channel: string, entry: TimelineEntry): Promise<boolean> {
    const seq = OutboxRepo.seqOf(entry);
    const item: OutboxItem = {
      channel,
      incidentId: entry.incidentId,
      seq,
      entry,
      status: 'pending',
      attempts: 0,
    };
    return this.table.putIfAbsent({
      ...keys.outbox(channel, seq),
      GSI1PK: OUTBOX_PENDING_PK,
      GSI1SK: seq,
      version: 1,
      data: item,
    });
  }

  /**
   * Pending items, oldest first. The index is eventually consistent on DynamoDB, so each candidate is
   * re-read consistently and dropped if it was sent meanwhile: an item is never posted twice because
   * the index lagged.
   */
  async listPending(limit: number): Promise<OutboxItem[]> {
    const items = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': OUTBOX_PENDING_PK },
      },
      limit,
    );
    const fresh = await Promise.all(items.map((item) => this.table.get({ PK: item.PK, SK: item.SK })));
    return fresh.flatMap((item) =>
      item && (item.data as OutboxItem).status === 'pending' ? [item.data as OutboxItem] : [],
    );
  }

  async markSent(item: OutboxItem, sentAt: string, ts?: string): Promise<void> {
    // Delivered items are kept a while for audit, then left to DynamoDB's TTL; the timeline keeps the entry.
    const expiresAt = Math.floor(Date.parse(sentAt) / 1000) + SENT_RETENTION_SECONDS;
    await this.write({ ...item, status: 'sent', sentAt, ...(ts ? { ts } : {}) }, false, expiresAt);
  }

  async markFailed(item: OutboxItem, reason: string, permanent: boolean): Promise<void> {
    await this.write(
      { ...item, status: permanent ? 'failed' : 'pending', attempts: item.attempts + 1, lastError: reason },
      !permanent,
    );
  }

  private async write(item: OutboxItem, pending: boolean, expiresAt?: number): Promise<void> {
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
        ...(pending ? { GSI1PK: OUTBOX_PENDING_PK, GSI1SK: item.seq } : {}),
        ...(expiresAt ? { [TTL_ATTRIBUTE]: expiresAt } : {}),
      },
      version,
      `outbox item ${item.seq}`,
    );
  }
}
