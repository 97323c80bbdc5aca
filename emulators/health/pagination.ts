import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from './errors.js';

/**
 * Opaque `nextToken`s: the cursor (the sort key of the last item served), bound to the operation
 * and the request's filter and signed with a key made at start-up. A token edited, forged, from
 * another operation or filter, or from an earlier emulator is refused with `InvalidPaginationToken`.
 * Keyset cursors keep pages from overlapping when an event is updated between two pages (it moves
 * to the front, where the next poll's `lastUpdatedTimes` finds it).
 */
export class PageTokens {
  private readonly key = randomBytes(32);

  issue(operation: string, request: unknown, cursor: readonly (string | number)[]): string {
    const payload = Buffer.from(JSON.stringify({ o: operation, f: fingerprint(request), c: cursor }));
    return `${payload.toString('base64url')}.${this.sign(payload).toString('base64url')}`;
  }

  /** The cursor a token carries; throws InvalidPaginationToken unless this emulator issued it for this request. */
  read(token: string, operation: string, request: unknown): (string | number)[] {
    const [body, signature] = token.split('.');
    if (!body || !signature) throw errors.invalidPaginationToken();
    const payload = Buffer.from(body, 'base64url');
    const expected = this.sign(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw errors.invalidPaginationToken();
    }
    const { o, f, c } = JSON.parse(payload.toString('utf8')) as {
      o: string;
      f: string;
      c: (string | number)[];
    };
    if (o !== operation || f !== fingerprint(request)) throw errors.invalidPaginationToken();
    return c;
  }

  private sign(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16);
  }
}

/**
 * Serves one page of `items` (already in order) after `cursor`, comparing with `compare(item, cursor)`
 * (negative: the item sorts before the cursor).
 */
export function pageAfter<T>(
  items: readonly T[],
  cursor: readonly (string | number)[] | undefined,
  compare: (item: T, cursor: readonly (string | number)[]) => number,
  size: number,
): { page: T[]; more: boolean } {
  const start = cursor ? items.findIndex((item) => compare(item, cursor) > 0) : 0;
  if (start < 0) return { page: [], more: false };
  const page = items.slice(start, start + size);
  return { page, more: start + size < items.length };
}

function fingerprint(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
