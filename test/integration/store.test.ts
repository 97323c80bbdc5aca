import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialTargetState } from '../../lambda/domain/detectors/target-state.js';
import type { Incident, TimelineEntry } from '../../lambda/domain/incident.js';
import { ConcurrentUpdateError } from '../../lambda/store/errors.js';
import { OutboxRepo } from '../../lambda/store/outbox-repo.js';
import type { OutboxItem } from '../../lambda/store/ports.js';
import { keys, OUTBOX_PENDING_PK } from '../../lambda/store/table.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';

const NOW = '2025-10-20T07:00:00.000Z';

const incident = (id: string, openedAt: string): Incident =>
  incidentFixture({
    id,
    targetId: 'example.com/A',
    title: 'EMPTY: example.com A',
    openedAt,
    updatedAt: openedAt,
  });

const entry = (incidentId: string, entryId: string, at: string): TimelineEntry => ({
  incidentId,
  entryId,
  at,
  kind: 'NOTE',
  source: 'test',
  text: entryId,
});

describe('Store on dynalite', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  it('saves target state only at the version it was read at', async () => {
    const fresh = await t.store.targets.get('a.example/A');
    expect(fresh.version).toBe(0);
    const saved = await t.store.targets.save({ ...fresh, everPresent: true });
    expect(saved.version).toBe(1);
    // A second writer that read version 0 loses instead of overwriting.
    await expect(t.store.targets.save({ ...fresh, everPresent: false })).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    expect((await t.store.targets.get('a.example/A')).everPresent).toBe(true);
    expect(initialTargetState('x').version).toBe(0);
  });

  it('lets exactly one incident claim a target while it is open', async () => {
    expect(await t.store.incidents.claimOpen('b.example/A', 'inc-1', NOW)).toBe('inc-1');
    expect(await t.store.incidents.claimOpen('b.example/A', 'inc-2', NOW)).toBe('inc-1');
    expect(await t.store.incidents.claimOpen('b.example/A', 'inc-1', NOW)).toBe('inc-1');
    expect(await t.store.incidents.releaseOpen('b.example/A', 'inc-2')).toBe(false);
    expect(await t.store.incidents.releaseOpen('b.example/A', 'inc-1')).toBe(true);
    expect(await t.store.incidents.claimOpen('b.example/A', 'inc-2', NOW)).toBe('inc-2');
  });

  it('creates incidents once, updates them conditionally and lists newest first', async () => {
    expect(await t.store.incidents.create(incident('inc-old', '2025-10-20T06:48:00.000Z'))).toBe(true);
    expect(await t.store.incidents.create(incident('inc-new', '2025-10-20T07:00:00.000Z'))).toBe(true);
    expect(await t.store.incidents.create(incident('inc-new', '2025-10-20T07:00:00.000Z'))).toBe(false);
    const current = await t.store.incidents.get('inc-new');
    await t.store.incidents.update({ ...(current as Incident), status: 'acknowledged', version: 2 });
    await expect(
      t.store.incidents.update({ ...(current as Incident), status: 'resolved', version: 2 }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    const listed = await t.store.incidents.list();
    expect(listed.map((i) => i.id).slice(0, 2)).toEqual(['inc-new', 'inc-old']);
    expect(listed[0]?.status).toBe('acknowledged');
  });

  it('appends each timeline entry once, in time order', async () => {
    expect(await t.store.incidents.appendTimeline(entry('inc-t', 'b', '2025-10-20T07:00:02.000Z'))).toBe(
      true,
    );
    expect(await t.store.incidents.appendTimeline(entry('inc-t', 'a', '2025-10-20T07:00:01.000Z'))).toBe(
      true,
    );
    expect(await t.store.incidents.appendTimeline(entry('inc-t', 'a', '2025-10-20T07:00:01.000Z'))).toBe(
      false,
    );
    expect((await t.store.incidents.listTimeline('inc-t')).map((e) => e.entryId)).toEqual(['a', 'b']);
  });

  it('keeps outbox items pending until sent, and failed ones out of the queue but stored', async () => {
    const e1 = entry('inc-o', 'o1', '2025-10-20T07:00:01.000Z');
    const e2 = entry('inc-o', 'o2', '2025-10-20T07:00:02.000Z');
    expect(await t.store.outbox.enqueue('#alerts', e1)).toBe(true);
    expect(await t.store.outbox.enqueue('#alerts', e1)).toBe(false);
    await t.store.outbox.enqueue('#other', e2);
    let pending = await t.store.outbox.listPending(10);
    expect(pending.map((p) => p.entry.entryId)).toEqual(['o1', 'o2']);
    await t.store.outbox.markFailed(pending[0] as OutboxItem, 'ratelimited', false);
    pending = await t.store.outbox.listPending(10);
    expect(pending[0]?.attempts).toBe(1);
    await t.store.outbox.markSent(pending[0] as OutboxItem, '2025-10-20T07:00:03.000Z', '1.000100');
    await t.store.outbox.markFailed(pending[1] as OutboxItem, 'channel_not_found', true);
    expect(await t.store.outbox.listPending(10)).toEqual([]);
  });
});

describe('Class: LeaseRepo (on dynalite)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  it('gives the outbox to one run at a time and lets another take over only after expiry', async () => {
    expect(await t.store.leases.acquire('outbox', 'run-a', 1_000, 60_000)).toBe(true);
    expect(await t.store.leases.acquire('outbox', 'run-b', 2_000, 60_000)).toBe(false);
    expect(await t.store.leases.acquire('outbox', 'run-a', 3_000, 60_000)).toBe(true);
    expect(await t.store.leases.acquire('outbox', 'run-b', 63_001, 60_000)).toBe(true);
    await t.store.leases.release('outbox', 'run-a'); // expired and taken over: must not free run-b's lease
    expect(await t.store.leases.acquire('outbox', 'run-c', 64_000, 60_000)).toBe(false);
    await t.store.leases.release('outbox', 'run-b');
    expect(await t.store.leases.acquire('outbox', 'run-c', 64_000, 60_000)).toBe(true);
  });
});

describe('Class: RecordSetRepo (on dynalite)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  it('reads one name/type group by key range: every set identifier, not the longer type', async () => {
    const zoneId = 'Z0TEST';
    const rr = (name: string, type: string, setIdentifier?: string) => ({
      key: { zoneId, name, type, ...(setIdentifier ? { setIdentifier } : {}) },
      ttl: 60,
      values: ['192.0.2.1'],
    });
    await t.store.recordSets.putRecordSets([
      rr('api.example.com', 'A', 'blue'),
      rr('api.example.com', 'A', 'green'),
      rr('api.example.com', 'AAAA'),
      rr('api.example.com.other', 'A'),
      rr('www.example.com', 'A'),
    ]);
    const group = await t.store.recordSets.groupRecordSets(zoneId, 'api.example.com', 'A');
    expect(group.map((r) => r.key.setIdentifier).sort()).toEqual(['blue', 'green']);
    expect(await t.store.recordSets.groupRecordSets(zoneId, 'www.example.com', 'A')).toHaveLength(1);
  });

  it('lists every channel with pending items, re-keying old-style items wherever their channel sorts', async () => {
    const fresh = entry('inc-k', 'k1', '2025-10-20T07:10:01.000Z');
    const legacy = entry('inc-k', 'k2', '2025-10-20T07:10:02.000Z');
    await t.store.outbox.enqueue('#kb', fresh);
    await t.store.outbox.enqueue('#ka', legacy);
    // As a Lookout before per-channel delivery wrote it: the index key was the bare seq, which sorts after
    // '#kb…' although its channel '#ka' sorts before it.
    const seq = OutboxRepo.seqOf(legacy);
    const table = new TableClient(t.dynamo.client, t.tableName);
    await table.putIfVersion(
      {
        ...keys.outbox('#ka', seq),
        GSI1PK: OUTBOX_PENDING_PK,
        GSI1SK: seq,
        version: 2,
        data: (await t.store.outbox.get('#ka', seq)) as OutboxItem,
      },
      1,
      'a legacy outbox item',
    );
    const channels = await t.store.outbox.pendingChannels();
    expect(channels).toEqual(expect.arrayContaining(['#ka', '#kb']));
    expect((await t.store.outbox.listPending(10, '#ka')).map((p) => p.entry.entryId)).toEqual(['k2']);
  });
});
