import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../../lambda/domain/detectors/target-state.js';
import type { Observation } from '../../../lambda/domain/observation.js';
import type { Signal } from '../../../lambda/domain/signals.js';
import type { Target } from '../../../lambda/domain/targets.js';
import {
  detection,
  observe,
  observeEach,
  outcome,
  RESOLVERS,
  target,
  tick,
} from '../../support/observations.js';

function run(observations: Observation[], t: Target = target(), config = detection()) {
  let state: TargetState = initialTargetState(t.id);
  const signals: Signal[] = [];
  for (const o of observations) {
    const ev = evaluate(state, o, t, config);
    state = { ...ev.next, version: ev.next.version + 1 };
    signals.push(...ev.signals);
  }
  return { state, signals, kinds: signals.map((s) => s.kind) };
}

const IPS = ['3.218.180.1', '3.218.180.2', '3.218.180.3'];

describe('Function: evaluate', () => {
  it('raises EMPTY after two consecutive NODATA majorities on a target that had answers', () => {
    const { kinds, signals } = run([
      observe(tick(0), 'ANSWER', IPS),
      observe(tick(1), 'NODATA'),
      observe(tick(2), 'NODATA'),
      observe(tick(3), 'NODATA'),
    ]);
    expect(kinds).toEqual(['EMPTY']);
    expect(signals[0]?.facts.since).toBe(tick(1).toISOString());
    expect(signals[0]?.summary).toContain('NODATA');
    expect(signals[0]?.facts.negativeTtl).toBe(60);
  });

  it('names NXDOMAIN as a missing name, not as missing records', () => {
    const { signals } = run([
      observe(tick(0), 'ANSWER', IPS),
      observe(tick(1), 'NXDOMAIN'),
      observe(tick(2), 'NXDOMAIN'),
    ]);
    expect(signals[0]?.summary).toContain('does not exist (NXDOMAIN)');
  });

  it('does not call a name EMPTY that never answered', () => {
    expect(
      run([observe(tick(0), 'NODATA'), observe(tick(1), 'NODATA'), observe(tick(2), 'NODATA')]).kinds,
    ).toEqual([]);
  });

  it('needs a majority of the resolvers that answered, and ignores resolvers that failed', () => {
    const t = target();
    const [r1, r2, r3] = RESOLVERS as [string, string, string];
    const split = (i: number) =>
      observeEach(
        tick(i),
        [outcome(r1, 'NODATA'), outcome(r2, 'ANSWER', IPS), outcome(r3, 'ANSWER', IPS)],
        t,
      );
    expect(run([observe(tick(0), 'ANSWER', IPS), split(1), split(2), split(3)]).kinds).toEqual([]);
    // One empty answer and two timeouts: the only usable vote says empty.
    const lone = (i: number) =>
      observeEach(tick(i), [outcome(r1, 'NODATA'), outcome(r2, 'TIMEOUT'), outcome(r3, 'SERVFAIL')], t);
    expect(run([observe(tick(0), 'ANSWER', IPS), lone(1), lone(2)]).kinds).toEqual(['EMPTY']);
  });

  it('reports UNREACHABLE, never EMPTY, when no resolver gives a usable answer', () => {
    const { kinds, signals } = run([
      observe(tick(0), 'ANSWER', IPS),
      observe(tick(1), 'TIMEOUT'),
      observe(tick(2), 'REFUSED'),
      observe(tick(3), 'SERVFAIL'),
    ]);
    expect(kinds).toEqual(['UNREACHABLE']);
    expect(signals[0]?.summary).toContain('not evidence that the record is empty');
    expect(signals[0]?.facts.since).toBe(tick(1).toISOString());
  });

  it('escalates UNREACHABLE to EMPTY when resolvers come back empty', () => {
    const { kinds } = run([
      observe(tick(0), 'ANSWER', IPS),
      observe(tick(1), 'TIMEOUT'),
      observe(tick(2), 'TIMEOUT'),
      observe(tick(3), 'NODATA'),
      observe(tick(4), 'NODATA'),
    ]);
    expect(kinds).toEqual(['UNREACHABLE', 'EMPTY']);
  });

  it('recovers after three healthy probes and clears the problem', () => {
    const { kinds, state } = run([
      observe(tick(0), 'ANSWER', IPS),
      observe(tick(1), 'NODATA'),
      observe(tick(2), 'NODATA'),
      observe(tick(3), 'ANSWER', IPS),
      observe(tick(4), 'ANSWER', IPS),
      observe(tick(5), 'ANSWER', IPS),
      observe(tick(6), 'ANSWER', IPS),
    ]);
    expect(kinds).toEqual(['EMPTY', 'RECOVERED']);
    expect(state.problem).toBeUndefined();
  });

  it('raises DEGRADED when the count falls below half the learned baseline', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `10.1.0.${i}`);
    const healthy = [0, 1, 2, 3].map((i) => observe(tick(i), 'ANSWER', eight));
    const { kinds, signals } = run([
      ...healthy,
      observe(tick(4), 'ANSWER', ['10.1.0.1', '10.1.0.2', '10.1.0.3']),
      observe(tick(5), 'ANSWER', ['10.1.0.1']),
    ]);
    expect(kinds).toEqual(['DEGRADED']);
    expect(signals[0]?.facts.baseline).toBe(8);
  });

  it('uses a declared baseline from config before any history exists', () => {
    const t = target({ baselineCount: 4 });
    expect(
      run([observe(tick(0), 'ANSWER', ['1.1.1.1']), observe(tick(1), 'ANSWER', ['1.1.1.1'])], t).kinds,
    ).toEqual(['DEGRADED']);
  });

  it('records CHANGED in exact mode only', () => {
    const exact = target({ mode: 'exact' });
    const obs = (t: Target) => [
      observe(tick(0), 'ANSWER', ['1.1.1.1'], t),
      observe(tick(1), 'ANSWER', ['2.2.2.2'], t),
    ];
    expect(run(obs(exact), exact).kinds).toEqual(['CHANGED']);
    expect(run(obs(target()), target()).kinds).toEqual([]);
  });

  it('flags an A→B→A oscillation in exact mode as FLAPPING', () => {
    const t = target({ mode: 'exact' });
    const { kinds } = run(
      [
        observe(tick(0), 'ANSWER', ['1.1.1.1'], t),
        observe(tick(1), 'ANSWER', ['2.2.2.2'], t),
        observe(tick(2), 'ANSWER', ['1.1.1.1'], t),
      ],
      t,
    );
    expect(kinds).toEqual(['CHANGED', 'CHANGED', 'FLAPPING']);
  });

  it('flags empty↔present transitions in pool mode as FLAPPING once, and stays one episode until stable', () => {
    const seq = ['ANSWER', 'NODATA', 'ANSWER', 'NODATA', 'ANSWER', 'NODATA', 'ANSWER'] as const;
    const obs = seq.map((k, i) => observe(tick(i), k, k === 'ANSWER' ? IPS : []));
    const { kinds, state } = run(obs);
    expect(kinds).toEqual(['FLAPPING']);
    expect(state.flapping).toBeDefined();
    // Healthy probes right after do not recover while the transitions are inside the window...
    const later = [7, 8, 9].map((i) => observe(tick(i), 'ANSWER', IPS));
    expect(run([...obs, ...later]).kinds).toEqual(['FLAPPING']);
    // ...but do once the window (600 s) has passed.
    const muchLater = [100, 101, 102].map((i) => observe(tick(i), 'ANSWER', IPS));
    expect(run([...obs, ...muchLater]).kinds).toEqual(['FLAPPING', 'RECOVERED']);
  });

  it('does not count a name coming into existence as a transition: created, emptied once and restored is no FLAPPING', () => {
    // The probe can look before the record is created (a new target, or the loop starting first): that
    // absence is "not yet", like EMPTY's "never answered", not the first half of a flap.
    const seq = ['NXDOMAIN', 'ANSWER', 'ANSWER', 'NODATA', 'NODATA', 'ANSWER'] as const;
    const pool = target();
    const obs = (t: Target) => seq.map((k, i) => observe(tick(i), k, k === 'ANSWER' ? IPS : [], t));
    expect(run(obs(pool), pool).kinds).toEqual(['EMPTY']);
    expect(run(obs(pool), pool).state.transitions).toEqual([tick(3), tick(5)].map((d) => d.toISOString()));
    // Exact mode: created then emptied is not "∅→A→∅".
    const exact = target({ mode: 'exact' });
    const created = ['NXDOMAIN', 'ANSWER', 'NODATA', 'NODATA'] as const;
    const exactObs = created.map((k, i) => observe(tick(i), k, k === 'ANSWER' ? IPS : [], exact));
    expect(run(exactObs, exact).kinds).toEqual(['EMPTY']);
    // A target declared with a baseline is expected to answer from the start: its absence does count.
    const declared = target({ baselineCount: 3 });
    expect(run(obs(declared), declared).state.transitions).toHaveLength(3);
  });

  it('ignores an observation it has already applied, and older ones', () => {
    const o1 = observe(tick(0), 'ANSWER', IPS);
    const o2 = observe(tick(1), 'NODATA');
    const first = evaluate(initialTargetState('x'), o1, target(), detection());
    const second = evaluate(first.next, o2, target(), detection());
    expect(evaluate(second.next, o2, target(), detection())).toEqual({
      signals: [],
      next: second.next,
      duplicate: true,
    });
    expect(evaluate(second.next, o1, target(), detection()).duplicate).toBe(true);
  });
});

describe('Function: evaluate (review regressions)', () => {
  const t = target({ mode: 'exact' });
  const a = (i: number) => observe(tick(i), 'ANSWER', ['1.1.1.1'], t);
  const b = (i: number) => observe(tick(i), 'ANSWER', ['2.2.2.2'], t);
  const c = (i: number, ip: string) => observe(tick(i), 'ANSWER', [ip], t);

  it('does not recover an A→B→A FLAPPING on the next probe: it needs M probes of a settled answer', () => {
    expect(run([a(0), a(1), a(2), a(3), b(4), a(5), a(6)], t).kinds).toEqual([
      'CHANGED',
      'CHANGED',
      'FLAPPING',
    ]);
    // Recovery still waits for the transitions to leave the window.
    const settled = [100, 101, 102].map((i) => a(i));
    expect(run([a(0), a(1), a(2), a(3), b(4), a(5), a(6), ...settled], t).kinds).toEqual([
      'CHANGED',
      'CHANGED',
      'FLAPPING',
      'RECOVERED',
    ]);
  });

  it('still sees A→B→A after the value history has filled up', () => {
    const history = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((ip, i) =>
      c(i * 70, ip),
    );
    const kinds = run([...history, c(400, '10.0.0.9'), c(401, '10.0.0.5')], t).kinds;
    expect(kinds.at(-1)).toBe('FLAPPING');
  });
});
