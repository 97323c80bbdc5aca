/**
 * A sorted list of items keyed by a string, stored as chunks of at most `2 × load` items with each
 * chunk's last key kept in a separate array. Finding a position is two binary searches
 * (O(log n)); insert and delete move at most one chunk (O(load)), so a listing page costs
 * O(log n + page) and a change O(log n + load) even with 100,000+ items — never O(n).
 */
export class SortedList<T> {
  private chunks: T[][] = [];
  private maxes: string[] = [];
  private count = 0;
  private reads = 0;
  private readonly keyOf: (item: T) => string;

  constructor(
    keyOf: (item: T) => string,
    private readonly load = 512,
  ) {
    this.keyOf = (item) => {
      this.reads++;
      return keyOf(item);
    };
  }

  get size(): number {
    return this.count;
  }

  /**
   * Items read so far (keys compared, items listed or iterated): the work this list did, so a test can
   * tell O(log n + page) from O(n) by counting instead of timing.
   */
  get itemsRead(): number {
    return this.reads;
  }

  insert(item: T): void {
    const key = this.keyOf(item);
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.maxes.push(key);
      this.count = 1;
      return;
    }
    let chunkIndex = lowerBound(this.maxes, key, (max) => max);
    if (chunkIndex === this.chunks.length) chunkIndex--;
    const chunk = this.chunks[chunkIndex] as T[];
    const at = lowerBound(chunk, key, this.keyOf);
    chunk.splice(at, 0, item);
    this.maxes[chunkIndex] = this.keyOf(chunk[chunk.length - 1] as T);
    this.count++;
    if (chunk.length > this.load * 2) {
      const tail = chunk.splice(this.load);
      this.chunks.splice(chunkIndex + 1, 0, tail);
      this.maxes[chunkIndex] = this.keyOf(chunk[chunk.length - 1] as T);
      this.maxes.splice(chunkIndex + 1, 0, this.keyOf(tail[tail.length - 1] as T));
    }
  }

  /** Removes the item with exactly this key; returns whether one was there. */
  remove(key: string): boolean {
    const chunkIndex = lowerBound(this.maxes, key, (max) => max);
    const chunk = this.chunks[chunkIndex];
    if (!chunk) return false;
    const at = lowerBound(chunk, key, this.keyOf);
    const found = chunk[at];
    if (found === undefined || this.keyOf(found) !== key) return false;
    chunk.splice(at, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(chunkIndex, 1);
      this.maxes.splice(chunkIndex, 1);
    } else {
      this.maxes[chunkIndex] = this.keyOf(chunk[chunk.length - 1] as T);
    }
    return true;
  }

  /** Up to `limit` items whose key is ≥ `fromKey`, in order, plus the item after them if any. */
  page(fromKey: string, limit: number): { items: T[]; next: T | undefined } {
    const items: T[] = [];
    let chunkIndex = lowerBound(this.maxes, fromKey, (max) => max);
    let offset =
      chunkIndex < this.chunks.length ? lowerBound(this.chunks[chunkIndex] as T[], fromKey, this.keyOf) : 0;
    while (chunkIndex < this.chunks.length) {
      const chunk = this.chunks[chunkIndex] as T[];
      while (offset < chunk.length) {
        const item = chunk[offset] as T;
        this.reads++;
        if (items.length === limit) return { items, next: item };
        items.push(item);
        offset++;
      }
      chunkIndex++;
      offset = 0;
    }
    return { items, next: undefined };
  }

  /** Adds many items at once: one sort of everything, then fresh chunks (for bulk seeding). */
  bulkInsert(items: readonly T[]): void {
    const all = this.chunks.flat().concat(items);
    all.sort((a, b) => {
      const left = this.keyOf(a);
      const right = this.keyOf(b);
      return left < right ? -1 : left > right ? 1 : 0;
    });
    this.chunks = [];
    this.maxes = [];
    for (let start = 0; start < all.length; start += this.load) {
      const chunk = all.slice(start, start + this.load);
      this.chunks.push(chunk);
      this.maxes.push(this.keyOf(chunk[chunk.length - 1] as T));
    }
    this.count = all.length;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const chunk of this.chunks) {
      for (const item of chunk) {
        this.reads++;
        yield item;
      }
    }
  }
}

/** First index whose key is ≥ `key` (array length when none). */
function lowerBound<E>(array: readonly E[], key: string, keyOf: (element: E) => string): number {
  let low = 0;
  let high = array.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(array[mid] as E) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
