import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import type { OutboxItem } from '../../lambda/store/ports.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { timelineEntryMaker } from '../support/slack-fixtures.js';

const CH = 'C0LANES';
const T0 = Date.parse('2025-10-20T06:48:00.000Z');
/** Entry `n` of an incident, `n` seconds after T0: a distinct time (and seq) for every `n`. */
const make = timelineEntryMaker({ at: (n) => new Date(T0 + n * 1000).toISOString(), idDigits: 4 });

describe('Class: OutboxRepo (pending lanes)', () => {
  let t: TestStore;
  let n: number;

  beforeEach(async () => {
    t = await startTestStore();
    n = 0;
  });
  afterEach(async () => t.close());

  /** Enqueues the next entry (later than every earlier one) and returns it. */
  async function enqueue(incidentId: string, kind: TimelineKind, over: Partial<TimelineEntry> = {}) {
    n += 1;
    const entry = { ...make(incidentId, n, kind), ...over };
    await t.store.outbox.enqueue(CH, entry, new Date(T0).toISOString());
    return entry;
  }

  async function routine(incidentId: string, count: number): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    for (let i = 0; i < count; i++) entries.push(await enqueue(incidentId, 'RECORD_CHANGED'));
    return entries;
  }

  const ids = (items: readonly OutboxItem[]) =>
    items.map((item) => `${item.incidentId}/${item.entry.entryId}`);
  const idOf = (entry: TimelineEntry) => `${entry.incidentId}/${entry.entryId}`;

  it('lists a full page’s state changes with every earlier routine item of their incidents, past 100 older ones', async () => {
    // Prepare: 110 routine items of an incident whose lane sorts first, 40 of incident A, then B's EMPTY
    // and A's later FLAPPING. By age alone, the first 100 would all be the first incident's.
    const backlog = await routine('inc-0-bulk', 110);
    const earlierA = await routine('inc-a', 40);
    const emptyB = await enqueue('inc-b', 'EMPTY');
    const flappingA = await enqueue('inc-a', 'FLAPPING');

    // Act
    const listed = ids(await t.store.outbox.listPending(100, CH));

    // Assess: both state changes first, oldest first; all 40 of A's earlier routine items are listed too,
    // while the other incident's routine backlog fills only the rest of the page.
    expect(listed.slice(0, 2)).toEqual([idOf(emptyB), idOf(flappingA)]);
    expect(listed).toEqual(expect.arrayContaining(earlierA.map(idOf)));
    expect(listed.filter((id) => id.startsWith('inc-0-bulk/'))).toEqual(backlog.slice(0, 98).map(idOf));
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('leaves out a state change whose incident has at least `limit` routine items before it', async () => {
    // Prepare: 7 routine items of A, then B's EMPTY, then A's EMPTY.
    const earlierA = await routine('inc-a', 7);
    const emptyB = await enqueue('inc-b', 'EMPTY');
    const emptyA = await enqueue('inc-a', 'EMPTY');

    // Act
    const listed = ids(await t.store.outbox.listPending(5, CH));

    // Assess: B's state change is listed (by age alone it would not be: A's 7 are older); A's waits for a
    // later page, so its thread can show its 5 oldest routine items first and the other 2 after them.
    expect(listed).toContain(idOf(emptyB));
    expect(listed).not.toContain(idOf(emptyA));
    expect(listed.filter((id) => id.startsWith('inc-a/'))).toEqual(earlierA.slice(0, 5).map(idOf));
  });

  it('lists a channel’s pending state changes only, oldest first, at most `limit`', async () => {
    // Prepare: routine entries (record changes, an automation's note, AWS Health updates) between state
    // changes (an OPENED, a person's note, an EMPTY, a RESOLVED), and a state change in another channel.
    await routine('inc-a', 2);
    const opened = await enqueue('inc-c', 'OPENED');
    await enqueue('inc-a', 'NOTE', { source: 'automation' });
    const person = await enqueue('inc-a', 'NOTE', { source: 'slack:U123' });
    await enqueue('inc-c', 'HEALTH_UPDATE');
    const empty = await enqueue('inc-a', 'EMPTY');
    const resolved = await enqueue('inc-c', 'RESOLVED');
    n += 1;
    await t.store.outbox.enqueue('C0ELSEWHERE', make('inc-x', n, 'EMPTY'));

    // Act
    const all = await t.store.outbox.pendingStateChanges(CH, 10);
    const first = await t.store.outbox.pendingStateChanges(CH, 2);

    // Assess
    expect(ids(all)).toEqual([opened, person, empty, resolved].map(idOf));
    expect(ids(first)).toEqual([opened, person].map(idOf));
  });

  it('takes an item out of its lane once it is sent', async () => {
    // Prepare: A has 3 routine items before its EMPTY; B has an EMPTY.
    const earlierA = await routine('inc-a', 3);
    const emptyA = await enqueue('inc-a', 'EMPTY');
    const emptyB = await enqueue('inc-b', 'EMPTY');
    const pending = await t.store.outbox.listPending(100, CH);
    const stored = (entry: TimelineEntry) => pending.find((item) => idOf(item.entry) === idOf(entry));

    // Act: B's EMPTY and A's first routine item are sent.
    await t.store.outbox.markSent(stored(emptyB) as OutboxItem, new Date(T0).toISOString(), '1.000100');
    await t.store.outbox.markSent(
      stored(earlierA[0] as TimelineEntry) as OutboxItem,
      new Date(T0).toISOString(),
      '1.000200',
    );

    // Assess: neither lane lists them, also with a full page, where A's earlier routine items are looked
    // up by their own key range: of a page of 2, the 2 still pending (A's EMPTY waits behind them).
    expect(ids(await t.store.outbox.pendingStateChanges(CH, 10))).toEqual([idOf(emptyA)]);
    const routineLeft = earlierA.slice(1).map(idOf);
    expect(ids(await t.store.outbox.listPending(100, CH))).toEqual([idOf(emptyA), ...routineLeft]);
    expect(ids(await t.store.outbox.listPending(3, CH))).toEqual([idOf(emptyA), ...routineLeft]);
    expect(ids(await t.store.outbox.listPending(2, CH))).toEqual(routineLeft);
  });
});
