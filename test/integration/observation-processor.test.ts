import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../lambda/domain/incident.js';
import { IncidentTransitionError } from '../../lambda/domain/incidents/errors.js';
import { silentLog } from '../../lambda/ports/log.js';
import { ConcurrentUpdateError } from '../../lambda/store/errors.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target, tick } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

const IPS = ['3.218.180.1', '3.218.180.2'];
const t = target();
const healthy = (i: number) => observe(tick(i), 'ANSWER', IPS);
const empty = (i: number) => observe(tick(i), 'NODATA');

describe('Class: ObservationProcessor (on dynalite)', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it('opens one incident for an EMPTY episode, appends to it, and auto-resolves on recovery', async () => {
    const { processor } = pipeline(db.store, { channel: '#alerts' });
    const results = [];
    for (const o of [healthy(0), empty(1), empty(2), empty(3), healthy(4), healthy(5), healthy(6)]) {
      results.push(await processor.process(o, t));
    }
    const incidents = await db.store.incidents.list();
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident?.status).toBe('resolved');
    expect(incident?.kind).toBe('EMPTY');
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED', 'RECOVERED', 'RESOLVED']);
    expect(timeline[0]?.evidence?.[0]?.kind).toBe('NODATA');
    expect(results.flatMap((r) => r.entries).map((e) => e.kind)).toEqual(['OPENED', 'RECOVERED', 'RESOLVED']);
    // Every entry went to the outbox for the incident's channel, in order.
    const pending = await db.store.outbox.listPending(10);
    expect(pending.map((p) => [p.channel, p.entry.kind])).toEqual([
      ['#alerts', 'OPENED'],
      ['#alerts', 'RECOVERED'],
      ['#alerts', 'RESOLVED'],
    ]);
    // The target is free again: a new episode opens a new incident.
    for (const o of [empty(7), empty(8)]) await processor.process(o, t);
    expect(await db.store.incidents.list()).toHaveLength(2);
  });

  it("flush() saves the states a steady target skipped, with each resolver's last answer", async () => {
    const { processor } = pipeline(db.store, { channel: '#alerts' });
    for (let i = 0; i < 12; i++) await processor.process(healthy(i), t);
    const before = await db.store.targets.get(t.id);
    // Steady probes are not written each time: the store lags behind the last probe.
    expect(before.lastObservedAt).not.toBe(tick(11).toISOString());
    await processor.flush();
    const after = await db.store.targets.get(t.id);
    expect(after.lastObservedAt).toBe(tick(11).toISOString());
    expect(after.lastOutcomes?.map((o) => [o.kind, o.values])).toEqual(
      t.resolvers.map(() => ['ANSWER', IPS]),
    );
    await processor.flush(); // nothing left to write: no conflict, no change
    expect((await db.store.targets.get(t.id)).version).toBe(after.version);
  });

  it('writes nothing new when the same observations are processed again', async () => {
    const { processor } = pipeline(db.store, { channel: '#alerts' });
    const run = [healthy(0), empty(1), empty(2)];
    for (const o of run) await processor.process(o, t);
    const before = await db.store.incidents.listTimeline((await db.store.incidents.list())[0]?.id as string);
    for (const o of run) {
      const again = await processor.process(o, t);
      expect(again.duplicate).toBe(true);
      expect(again.entries).toEqual([]);
    }
    expect(await db.store.incidents.list()).toHaveLength(1);
    expect(await db.store.incidents.listTimeline(before[0]?.incidentId as string)).toEqual(before);
    expect(await db.store.outbox.listPending(10)).toHaveLength(1);
  });

  it('converges on one incident when two copies race on the same observations', async () => {
    const a = pipeline(db.store, { channel: '#alerts' }).processor;
    const b = pipeline(db.store, { channel: '#alerts' }).processor;
    for (const o of [healthy(0), empty(1), empty(2), empty(3)]) {
      await Promise.all([a.process(o, t), b.process(o, t)]);
    }
    const incidents = await db.store.incidents.list();
    expect(incidents).toHaveLength(1);
    const timeline = await db.store.incidents.listTimeline(incidents[0]?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED']);
    expect(await db.store.outbox.listPending(10)).toHaveLength(1);
  });

  it('finishes the signals a crashed run left pending in the target state', async () => {
    const { processor } = pipeline(db.store);
    await processor.process(healthy(0), t);
    await processor.process(empty(1), t);
    // Simulate a crash after the state write of the second empty probe: state saved, incident not written.
    const { evaluate } = await import('../../lambda/domain/detectors/evaluate.js');
    const { detection } = await import('../support/observations.js');
    const state = await db.store.targets.get(t.id);
    const ev = evaluate(state, empty(2), t, detection());
    expect(ev.signals.map((s) => s.kind)).toEqual(['EMPTY']);
    await db.store.targets.save(ev.next);
    expect(await db.store.incidents.list()).toHaveLength(0);
    const next = await processor.process(empty(3), t);
    expect(next.entries.map((e) => e.kind)).toEqual(['OPENED']);
    expect(await db.store.incidents.list()).toHaveLength(1);
    expect((await db.store.targets.get(t.id)).pendingSignals).toEqual([]);
  });

  it('acknowledges and resolves through conditional writes, refusing invalid transitions', async () => {
    let clock = tick(2);
    const { processor, commands } = pipeline(db.store, {
      channel: '#alerts',
      detection: { autoResolve: false },
      now: () => clock,
    });
    for (const o of [healthy(0), empty(1), empty(2)]) await processor.process(o, t);
    const [incident] = await commands.list();
    clock = new Date(tick(2).getTime() + 5000);
    const acked = await commands.acknowledge(incident?.id as string, 'cli:alice');
    expect(acked.incident.status).toBe('acknowledged');
    // Its entry is in the timeline and the outbox, so it is not kept for healing: kept, it would be queued
    // again after the sent outbox item expired and be posted a second time.
    expect((await db.store.incidents.get(incident?.id as string))?.pendingEntries).toBeUndefined();
    await expect(commands.acknowledge(incident?.id as string, 'cli:bob')).rejects.toBeInstanceOf(
      IncidentTransitionError,
    );
    // A stale copy of the incident cannot be written over the acknowledged one.
    await expect(db.store.incidents.update({ ...(incident as Incident), version: 2 })).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    // Recovery without auto-resolve is recorded but leaves the incident for a person.
    for (const o of [healthy(3), healthy(4), healthy(5)]) await processor.process(o, t);
    expect((await commands.show(incident?.id as string)).incident.status).toBe('acknowledged');
    clock = tick(6);
    const resolved = await commands.resolve(incident?.id as string, 'cli:alice', 'restored from last plan');
    expect(resolved.incident.status).toBe('resolved');
    const { timeline } = await commands.show(incident?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED', 'ACKNOWLEDGED', 'RECOVERED', 'RESOLVED']);
    expect(timeline.at(-1)?.text).toContain('restored from last plan');
    expect(await db.store.incidents.openClaim(t.id)).toBeUndefined();
  });

  it('skips writes while a target is steady, but still writes periodically and on any change', async () => {
    const { processor } = pipeline(db.store);
    for (let i = 0; i < 40; i++) await processor.process(healthy(i), t);
    const stored = await db.store.targets.get(t.id);
    // 4 writes until the thresholds pass, then one write per 31 steady observations.
    expect(stored.version).toBeGreaterThanOrEqual(4);
    expect(stored.version).toBeLessThan(10);
    expect((await processor.process(healthy(39), t)).duplicate).toBe(true);
    const change = await processor.process(empty(40), t);
    expect(change.state.version).toBe(stored.version + 1);
  });

  it('re-reads a state another copy changed while this one skipped steady writes', async () => {
    const a = pipeline(db.store, { channel: '#alerts' }).processor;
    const b = pipeline(db.store, { channel: '#alerts' }).processor;
    for (let i = 0; i < 10; i++) await a.process(healthy(i), t);
    // Copy B sees the record go empty and opens the incident.
    for (const i of [10, 11]) await b.process(empty(i), t);
    // Copy A, whose cached state predates that, must not roll the state back nor open a second incident.
    const late = await a.process(empty(12), t);
    expect(late.duplicate).toBe(false);
    expect(late.state.problem?.kind).toBe('EMPTY');
    expect(await db.store.incidents.list()).toHaveLength(1);
  });
});

describe('Class: IncidentWriter (review regressions, on dynalite)', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it('does not let a late RECOVERED from an earlier episode resolve the next incident', async () => {
    const { processor, writer } = pipeline(db.store, { channel: '#alerts' });
    const { evaluate } = await import('../../lambda/domain/detectors/evaluate.js');
    const { initialTargetState } = await import('../../lambda/domain/detectors/target-state.js');
    const { detection } = await import('../support/observations.js');
    // Episode 1 opens and recovers; capture its RECOVERED signal as a stalled copy would hold it.
    let state = initialTargetState(t.id);
    const signals = [];
    for (const o of [healthy(0), empty(1), empty(2), healthy(3), healthy(4), healthy(5)]) {
      const ev = evaluate(state, o, t, detection());
      state = { ...ev.next, version: ev.next.version + 1 };
      signals.push(...ev.signals);
    }
    const recovered = signals.find((s) => s.kind === 'RECOVERED');
    for (const o of [healthy(0), empty(1), empty(2), healthy(3), healthy(4), healthy(5), empty(6), empty(7)])
      await processor.process(o, t);
    const open = (await db.store.incidents.list()).find((i) => i.status === 'open');
    expect(open).toBeDefined();
    // Act: the stale copy applies its leftover.
    await writer.apply({ ...(recovered as NonNullable<typeof recovered>), observationId: 'obs-late' }, t);
    // Assess
    expect((await db.store.incidents.get(open?.id as string))?.status).toBe('open');
  });

  it('finishes its own claim at once when the run that made it stopped before creating the incident', async () => {
    const retries: string[] = [];
    const { writer } = pipeline(db.store, {
      now: () => new Date('2025-10-20T06:48:30.000Z'),
      log: { ...silentLog, debug: (message) => retries.push(message) },
    });
    const { evaluate } = await import('../../lambda/domain/detectors/evaluate.js');
    const { initialTargetState } = await import('../../lambda/domain/detectors/target-state.js');
    const { detection } = await import('../support/observations.js');
    const { incidentIdFor } = await import('../../lambda/domain/incidents/ids.js');
    let state = initialTargetState(t.id);
    const signals = [];
    for (const o of [healthy(0), empty(1), empty(2)]) {
      const ev = evaluate(state, o, t, detection());
      state = { ...ev.next, version: ev.next.version + 1 };
      signals.push(...ev.signals);
    }
    const emptySignal = signals[0] as NonNullable<(typeof signals)[0]>;
    await db.store.incidents.claimOpen(
      t.id,
      incidentIdFor(t.id, emptySignal.observationId, emptySignal.at),
      '2025-10-20T06:48:29.000Z',
    );
    const result = await writer.apply(emptySignal, t);
    expect(result.newEntries.map((e) => e.kind)).toEqual(['OPENED']);
    // At once: on the first attempt, not after backing off behind its own claim until it looked dangling.
    expect(retries).toEqual([]);
  });
});
