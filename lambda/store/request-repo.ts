import { keys, TTL_ATTRIBUTE } from './table.js';
import type { TableClient } from './table-client.js';

/** What a claim remembers: when it was first seen, and what its first handling decided (optional). */
export interface SeenRequest {
  seenAt: string;
  expiresAtMs: number;
  outcome?: string;
}

/**
 * Requests seen once: Slack's retries (`X-Slack-Retry-Num`), a webhook delivered twice, a trigger
 * replayed. The first `claim` of a (source, id) wins with one conditional put; later claims are refused
 * until the claim expires. Expiry is checked in the condition itself, not left to DynamoDB's TTL (which
 * deletes late, and dynalite not at all), so an expired claim can be taken again at once.
 */
export class RequestRepo {
  constructor(private readonly table: TableClient) {}

  /** True for the first claim of this request within `keepMs`; false (nothing written) for a repeat. */
  claim(source: string, id: string, now: Date, keepMs: number, outcome?: string): Promise<boolean> {
    const expiresAtMs = now.getTime() + keepMs;
    return this.table.putIf(
      {
        ...keys.request(source, id),
        seenAt: now.toISOString(),
        expiresAtMs,
        // DynamoDB's TTL (seconds) removes the item some time after it expired.
        [TTL_ATTRIBUTE]: Math.ceil(expiresAtMs / 1000),
        ...(outcome !== undefined ? { outcome } : {}),
      },
      {
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs < :now',
        ExpressionAttributeValues: { ':now': now.getTime() },
      },
    );
  }

  /**
   * Gives a claim back when the work it guarded did not happen, so the same request may be tried again.
   * Deleted only while it is still the claim made at `claimedAt`: a later claim (ours expired and
   * someone else's taken) is never removed. True when it was removed.
   */
  release(source: string, id: string, claimedAt: Date): Promise<boolean> {
    return this.table.deleteIfEquals(keys.request(source, id), 'seenAt', claimedAt.toISOString());
  }

  /** The claim as stored, expired or not (undefined when never claimed or already removed). */
  async get(source: string, id: string): Promise<SeenRequest | undefined> {
    const item = await this.table.get(keys.request(source, id));
    if (!item) return undefined;
    return {
      seenAt: String(item.seenAt),
      expiresAtMs: Number(item.expiresAtMs),
      ...(typeof item.outcome === 'string' ? { outcome: item.outcome } : {}),
    };
  }
}
