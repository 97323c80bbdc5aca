import { describe, expect, it } from 'vitest';
import type { ControlPlaneChange } from '../../../lambda/domain/route53/control-plane-change.js';
import { emptyHistory, type RecordSetHistory } from '../../../lambda/domain/route53/history.js';
import { lastKnownGood } from '../../../lambda/domain/route53/last-known-good.js';
import { evaluateChange, raceDefaults } from '../../../lambda/domain/route53/race-signature.js';
import type { Signal } from '../../../lambda/domain/signals.js';
import { change, KEY, ROLE } from '../../support/route53-changes.js';

function replay(changes: ControlPlaneChange[], config = raceDefaults) {
  let history: RecordSetHistory = emptyHistory(KEY);
  const signals: Signal[] = [];
  for (const c of changes) {
    const ev = evaluateChange(history, c, config);
    history = ev.history;
    signals.push(...ev.signals);
  }
  return { history, signals, alerts: signals.filter((s) => s.kind !== 'RECORD_CHANGED') };
}

const PLAN_1 = ['10.0.0.1', '10.0.0.2'];
const PLAN_2 = ['10.0.0.3', '10.0.0.4'];
const PLAN_3 = ['10.0.0.5', '10.0.0.6'];

describe('Function: evaluateChange (race signature)', () => {
  it('reads the October-2025 sequence: concurrent writers, then a stale plan written back over a newer one', () => {
    const { alerts, signals } = replay([
      change('enactor-1', 'UPSERT', PLAN_1, 0),
      change('enactor-1', 'UPSERT', PLAN_2, 60),
      change('enactor-1', 'UPSERT', PLAN_3, 120),
      change('enactor-3', 'UPSERT', PLAN_1, 125),
      change('enactor-1', 'DELETE', PLAN_1, 126),
    ]);
    expect(alerts.map((s) => s.kind)).toEqual(['CONCURRENT_WRITERS', 'STALE_OVERWRITE']);
    const [concurrent, stale] = alerts as [Signal, Signal];
    expect(concurrent.targetId).toBe('dynamodb.us-east-1.amazonaws.com/A');
    expect(concurrent.facts.writers).toBe('dns-enactor/enactor-1, dns-enactor/enactor-3');
    expect(stale.summary).toContain('enactor-3 (dns-enactor) wrote back version 1');
    expect(stale.summary).toContain('over the newer version 3');
    expect(stale.changes?.[0]?.writer.sessionName).toBe('enactor-3');
    // Every change is on the timeline with its writer, the DELETE included.
    expect(signals.filter((s) => s.kind === 'RECORD_CHANGED').map((s) => s.facts.writer)).toHaveLength(5);
    expect(signals.at(-1)?.summary).toMatch(/^enactor-1 \(dns-enactor\) DELETE .* → \(deleted\)/);
  });

  it('raises CONCURRENT_WRITERS once per window, and not for one writer changing a record often', () => {
    expect(
      replay(
        [0, 10, 20, 30].map((t, i) => change('enactor-1', 'UPSERT', i % 2 ? PLAN_1 : PLAN_2, t)),
      ).alerts.filter((s) => s.kind === 'CONCURRENT_WRITERS'),
    ).toEqual([]);
    const many = replay([
      change('a', 'UPSERT', PLAN_1, 0),
      change('b', 'UPSERT', PLAN_2, 10),
      change('c', 'UPSERT', PLAN_3, 20),
      change('a', 'UPSERT', ['10.9.9.9'], 30),
    ]);
    expect(many.alerts.filter((s) => s.kind === 'CONCURRENT_WRITERS')).toHaveLength(1);
    // Outside the window, a second writer is not a race.
    const apart = replay([change('a', 'UPSERT', PLAN_1, 0), change('b', 'UPSERT', PLAN_2, 601)]);
    expect(apart.alerts).toEqual([]);
  });

  it("never counts Lookout's own restores, by principal or by change comment", () => {
    const byComment = replay([
      change('enactor-1', 'UPSERT', PLAN_1, 0),
      change('enactor-1', 'UPSERT', PLAN_2, 60),
      change('operator', 'UPSERT', PLAN_1, 70, { comment: 'lookout-restore inc-1: last-known-good' }),
    ]);
    expect(byComment.alerts).toEqual([]);
    const byPrincipal = replay(
      [
        change('enactor-1', 'UPSERT', PLAN_1, 0),
        change('enactor-1', 'UPSERT', PLAN_2, 60),
        change('lookout', 'UPSERT', PLAN_1, 70),
      ],
      { ...raceDefaults, ownPrincipals: [`${ROLE}/lookout`] },
    );
    expect(byPrincipal.alerts).toEqual([]);
  });

  it('changes nothing when a change is applied again (replayed event), and ignores failed calls', () => {
    const first = change('enactor-1', 'UPSERT', PLAN_1, 0);
    const { history } = replay([first]);
    const again = evaluateChange(history, first);
    expect(again.duplicate).toBe(true);
    expect(again.signals).toEqual([]);
    expect(again.history).toBe(history);
    const failed = evaluateChange(
      history,
      change('enactor-3', 'DELETE', PLAN_2, 5, { errorCode: 'InvalidChangeBatch' }),
    );
    expect(failed.signals).toEqual([]);
    expect(failed.history.versions).toHaveLength(1);
  });
});

describe('Function: lastKnownGood', () => {
  it('skips a version replaced within seconds (the stale write) and the deletion', () => {
    const { history } = replay([
      change('enactor-1', 'UPSERT', PLAN_1, 0),
      change('enactor-1', 'UPSERT', PLAN_2, 600),
      change('enactor-3', 'UPSERT', PLAN_1, 900),
      change('enactor-1', 'DELETE', PLAN_1, 901),
    ]);
    const good = lastKnownGood(history, new Date('2025-10-20T07:05:00.000Z'), 60);
    expect(good?.content?.values).toEqual(PLAN_2);
    expect(good?.writer?.sessionName).toBe('enactor-1');
    // Stricter stability: only the first plan (current for 600 s) qualifies.
    expect(lastKnownGood(history, new Date('2025-10-20T07:05:00.000Z'), 400)?.content?.values).toEqual(
      PLAN_1,
    );
    expect(lastKnownGood(history, new Date('2025-10-20T07:05:00.000Z'), 3600)).toBeUndefined();
  });

  it('takes the current version once it has been stable long enough', () => {
    const { history } = replay([
      change('enactor-1', 'UPSERT', PLAN_1, 0),
      change('enactor-1', 'UPSERT', PLAN_2, 600),
    ]);
    expect(lastKnownGood(history, new Date('2025-10-20T06:58:30.000Z'), 60)?.content?.values).toEqual(PLAN_1);
    expect(lastKnownGood(history, new Date('2025-10-20T06:59:30.000Z'), 60)?.content?.values).toEqual(PLAN_2);
  });
});
