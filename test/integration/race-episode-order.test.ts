import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotDiff } from '../../lambda/domain/route53/snapshot-diff.js';
import { zoneSignals } from '../../lambda/domain/route53/zone-signals.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target, tick } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';
import { change, content, KEY } from '../support/route53-changes.js';

const t = target();
const PLAN_1 = ['10.0.0.10', '10.0.0.11'];
const PLAN_2 = ['10.0.0.12', '10.0.0.13'];
const atSeconds = (s: number) => new Date(Date.parse('2025-10-20T06:48:00.000Z') + s * 1000).toISOString();

/**
 * The outage replay's episode with every source's events fed in a chosen order, so the order that a busy
 * machine happened to produce (the probe's first look before the record existed; Route 53's RECOVERED
 * handled before the probe saw the record back) is reproduced on purpose rather than by luck.
 */
describe('One race episode, whatever order the probe and the control plane are processed in', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it.each([
    { probeLooksBeforeCreate: true, route53RecoversFirst: true },
    { probeLooksBeforeCreate: true, route53RecoversFirst: false },
    { probeLooksBeforeCreate: false, route53RecoversFirst: true },
    { probeLooksBeforeCreate: false, route53RecoversFirst: false },
  ])('is one CONCURRENT_WRITERS incident, resolved, and nothing after it (%o)', async (order) => {
    // Prepare
    const { processor, ingest } = pipeline(db.store, { channel: '#alerts' });
    const probe = async (i: number, kind: 'ANSWER' | 'NODATA' | 'NXDOMAIN') =>
      processor.process(observe(tick(i), kind, kind === 'ANSWER' ? PLAN_1 : []), t);
    const route53 = async (diff: Partial<SnapshotDiff>, at: number, id: string) =>
      ingest.applyAll(zoneSignals({ changes: [], emptied: [], refilled: [], ...diff }, atSeconds(at), id), {
        key: KEY,
      });

    // Act: the record is created (at 5 s), two writers race (25 s), one's cleanup deletes it (28 s),
    // the probe sees NODATA twice, the operator re-creates it (45 s) and both sides see it back.
    await probe(0, order.probeLooksBeforeCreate ? 'NXDOMAIN' : 'ANSWER');
    await ingest.ingest(change('enactor-1', 'UPSERT', PLAN_1, 5));
    await probe(1, 'ANSWER');
    await probe(2, 'ANSWER');
    await ingest.ingest(change('enactor-2', 'UPSERT', PLAN_2, 25));
    await ingest.ingest(change('enactor-1', 'DELETE', PLAN_2, 28));
    await route53(
      { emptied: [{ targetId: t.id, why: 'deleted', before: [content(PLAN_2)], after: [] }] },
      28,
      's1',
    );
    await probe(3, 'NODATA');
    await probe(4, 'NODATA');
    await ingest.ingest(change('alice', 'CREATE', PLAN_1, 45));
    const recovered = () => route53({ refilled: [{ targetId: t.id, after: [content(PLAN_1)] }] }, 45, 's2');
    if (order.route53RecoversFirst) await recovered();
    for (const i of [5, 6, 7]) await probe(i, 'ANSWER');
    if (!order.route53RecoversFirst) await recovered();
    for (const i of [8, 9, 10]) await probe(i, 'ANSWER');

    // Assess: a record created once, emptied once and restored once is not FLAPPING, and the episode
    // is the one incident its earliest alert (the racing writers) opened.
    const incidents = await db.store.incidents.list(10);
    expect(incidents.map((i) => [i.kind, i.status])).toEqual([['CONCURRENT_WRITERS', 'resolved']]);
    const timeline = await db.store.incidents.listTimeline(incidents[0]?.id as string);
    const kinds = timeline.map((e) => `${e.kind}:${e.source}`);
    expect(kinds[0]).toBe('OPENED:cloudtrail');
    expect(kinds).toContain('EMPTY:route53-snapshot');
    expect(kinds).toContain('EMPTY:dns-probe');
    expect(kinds).not.toContain('FLAPPING:dns-probe');
    expect(kinds.at(-1)).toBe('RESOLVED:lookout (auto-resolve)');
  });
});
