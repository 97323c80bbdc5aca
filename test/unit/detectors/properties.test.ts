import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../../lambda/domain/detectors/target-state.js';
import type { Incident } from '../../../lambda/domain/incident.js';
import { applySignal, openIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { type Observation, OUTCOME_KINDS } from '../../../lambda/domain/observation.js';
import { isAlertKind, type Signal } from '../../../lambda/domain/signals.js';
import type { Target } from '../../../lambda/domain/targets.js';
import { detection, observeEach, outcome, RESOLVERS, target, tick } from '../../support/observations.js';

const POOL = Array.from({ length: 12 }, (_, i) => `52.94.0.${i + 1}`);
const FAILURES = ['TIMEOUT', 'UNREACHABLE', 'REFUSED', 'SERVFAIL', 'MALFORMED'] as const;

const anyOutcome = fc.record({
  kind: fc.constantFrom(...OUTCOME_KINDS),
  values: fc.subarray(POOL, { minLength: 1, maxLength: 4 }),
});
const anyObservationOutcomes = fc.array(anyOutcome, {
  minLength: RESOLVERS.length,
  maxLength: RESOLVERS.length,
});

function observations(
  rows: { kind: (typeof OUTCOME_KINDS)[number]; values: string[] }[][],
  t: Target,
  stepMs = 10_000,
): Observation[] {
  return rows.map((row, i) =>
    observeEach(
      tick(i, undefined, stepMs),
      row.map((o, r) => outcome(RESOLVERS[r] as string, o.kind, o.kind === 'ANSWER' ? o.values : [])),
      t,
    ),
  );
}

function fold(obs: Observation[], t: Target) {
  let state: TargetState = initialTargetState(t.id);
  const signals: Signal[] = [];
  for (const o of obs) {
    const ev = evaluate(state, o, t, detection());
    state = { ...ev.next, version: ev.next.version + 1 };
    signals.push(...ev.signals);
  }
  return { state, signals };
}

describe('Detector invariants', () => {
  it('never raises EMPTY from an observation without an empty majority of usable answers', () => {
    fc.assert(
      fc.property(fc.array(anyObservationOutcomes, { minLength: 1, maxLength: 40 }), (rows) => {
        const t = target();
        const obs = observations(rows, t);
        const byId = new Map(obs.map((o) => [o.id, o]));
        for (const signal of fold(obs, t).signals.filter((s) => s.kind === 'EMPTY')) {
          const o = byId.get(signal.observationId) as Observation;
          const usable = o.outcomes.filter((x) => ['ANSWER', 'NODATA', 'NXDOMAIN'].includes(x.kind));
          const empty = usable.filter((x) => x.kind !== 'ANSWER');
          expect(empty.length * 2).toBeGreaterThan(usable.length);
        }
      }),
    );
  });

  it('never yields EMPTY while every resolver is unreachable', () => {
    const unreachableRow = fc.array(fc.constantFrom(...FAILURES), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.array(unreachableRow, { minLength: 1, maxLength: 30 }),
        (healthy, rows) => {
          const t = target();
          const good = Array.from({ length: healthy }, () =>
            RESOLVERS.map(() => ({ kind: 'ANSWER' as const, values: ['1.2.3.4'] })),
          );
          const bad = rows.map((row) => row.map((kind) => ({ kind, values: [] })));
          const kinds = fold(observations([...good, ...bad], t), t).signals.map((s) => s.kind);
          expect(kinds).not.toContain('EMPTY');
          expect(kinds.filter((k) => k === 'UNREACHABLE').length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('never alerts on a stable answer', () => {
    fc.assert(
      fc.property(
        fc.subarray(POOL, { minLength: 1 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom('exact', 'pool'),
        (values, n, mode) => {
          const t = target({ mode });
          const rows = Array.from({ length: n }, () =>
            RESOLVERS.map(() => ({ kind: 'ANSWER' as const, values })),
          );
          expect(fold(observations(rows, t), t).signals).toEqual([]);
        },
      ),
    );
  });

  it('never flaps on a rotating pool (every answer a different non-empty subset)', () => {
    const row = fc.array(fc.subarray(POOL, { minLength: 2, maxLength: 2 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), (rows) => {
        const t = target({ mode: 'pool' });
        const kinds = fold(
          observations(
            rows.map((r) => r.map((values) => ({ kind: 'ANSWER' as const, values }))),
            t,
          ),
          t,
        ).signals.map((s) => s.kind);
        expect(kinds).toEqual([]);
      }),
    );
  });

  it('raises an alert kind again only after that problem ended (RECOVERED, ENDED, or replaced by another condition)', () => {
    const CONDITIONS = new Set(['EMPTY', 'DEGRADED', 'UNREACHABLE']);
    fc.assert(
      fc.property(
        fc.array(anyObservationOutcomes, { minLength: 1, maxLength: 80 }),
        fc.constantFrom('exact', 'pool'),
        (rows, mode) => {
          const t = target({ mode });
          const active = new Set<string>();
          for (const signal of fold(observations(rows, t), t).signals) {
            if (signal.kind === 'RECOVERED') {
              // A recovery closes an episode that had an alert.
              expect(active.size).toBeGreaterThan(0);
              active.clear();
            } else if (signal.kind === 'ENDED') {
              expect(active.has(String(signal.facts.ended))).toBe(true);
              active.delete(String(signal.facts.ended));
            } else if (isAlertKind(signal.kind)) {
              expect(active.has(signal.kind)).toBe(false);
              // One condition at a time: a new one replaces the one it follows (EMPTY → DEGRADED).
              if (CONDITIONS.has(signal.kind)) for (const k of CONDITIONS) active.delete(k);
              active.add(signal.kind);
            }
          }
        },
      ),
    );
  });

  it('opens at most one incident per episode through the incident lifecycle', () => {
    fc.assert(
      fc.property(fc.array(anyObservationOutcomes, { minLength: 1, maxLength: 60 }), (rows) => {
        const t = target();
        const signals = fold(observations(rows, t), t).signals;
        let open: Incident | undefined;
        const opened: string[] = [];
        for (const signal of signals) {
          if (!open && isAlertKind(signal.kind)) {
            open = openIncident({ ...signal, kind: signal.kind }, t).incident;
            opened.push(open.id);
          } else if (open) {
            open = applySignal(open, signal, true).incident;
            if (open.status === 'resolved') open = undefined;
          }
        }
        // Incidents are only ever opened between recoveries: opened ≤ RECOVERED + 1, and ids are unique.
        expect(opened.length).toBeLessThanOrEqual(signals.filter((s) => s.kind === 'RECOVERED').length + 1);
        expect(new Set(opened).size).toBe(opened.length);
      }),
    );
  });

  it('changes nothing when an observation is processed again', () => {
    fc.assert(
      fc.property(
        fc.array(anyObservationOutcomes, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (rows, pick) => {
          const t = target();
          const obs = observations(rows, t);
          const upTo = obs.slice(0, (pick % obs.length) + 1);
          const { state } = fold(upTo, t);
          const again = evaluate(state, upTo.at(-1) as Observation, t, detection());
          expect(again.duplicate).toBe(true);
          expect(again.signals).toEqual([]);
          expect(again.next).toBe(state);
        },
      ),
    );
  });

  it('never calls a single empty or degraded episode FLAPPING: an outage and its repair is EMPTY → RECOVERED', () => {
    const A = POOL.slice(0, 3);
    const look = fc.constantFrom(
      'NXDOMAIN' as const,
      'NODATA' as const,
      'degraded-1' as const,
      'degraded-2' as const,
      'TIMEOUT' as const,
    );
    fc.assert(
      fc.property(
        fc.constantFrom('exact', 'pool'),
        fc.integer({ min: 3, max: 8 }),
        fc.array(look, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (mode, before, episode, after, flapTransitions, emptyAfterProbes) => {
          // The episode must hold at least one empty or degraded look (all-timeout is no episode at all).
          fc.pre(episode.some((k) => k !== 'TIMEOUT'));
          const t = target({ mode });
          const healthy = RESOLVERS.map(() => ({ kind: 'ANSWER' as const, values: A }));
          const bad = (k: (typeof episode)[number]) =>
            RESOLVERS.map(() =>
              k === 'degraded-1'
                ? { kind: 'ANSWER' as const, values: [A[0] as string] }
                : k === 'degraded-2'
                  ? { kind: 'ANSWER' as const, values: [A[1] as string] }
                  : { kind: k, values: [] },
            );
          const rows = [
            ...Array.from({ length: before }, () => healthy),
            ...episode.map(bad),
            ...Array.from({ length: after }, () => healthy),
          ];
          const config = detection({ flapTransitions, emptyAfterProbes });
          let state: TargetState = initialTargetState(t.id);
          const kinds: string[] = [];
          for (const o of observations(rows, t)) {
            const ev = evaluate(state, o, t, config);
            state = { ...ev.next, version: ev.next.version + 1 };
            kinds.push(...ev.signals.map((s) => s.kind));
          }
          expect(kinds).not.toContain('FLAPPING');
        },
      ),
    );
  });
});
