import { describe, expect, it } from 'vitest';
import { causeOf, type ResolverCause, roundVerdict } from '../../../lambda/domain/causes/round-verdict.js';
import { routeSignals } from '../../../lambda/domain/causes/routing.js';
import { evaluate } from '../../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../../lambda/domain/detectors/target-state.js';
import type { Incident } from '../../../lambda/domain/incident.js';
import {
  joinCause,
  leaveCause,
  openCauseIncident,
} from '../../../lambda/domain/incidents/cause-lifecycle.js';
import type { Observation, OutcomeKind } from '../../../lambda/domain/observation.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import { formatIncidentSummary } from '../../../lambda/domain/render/text.js';
import { whatHappened } from '../../../lambda/domain/render/what-happened.js';
import type { Signal } from '../../../lambda/domain/signals.js';
import type { Target } from '../../../lambda/domain/targets.js';
import { detection, observeEach, outcome, target, tick } from '../../support/observations.js';

const A = '127.0.0.1:15353';
const B = '127.0.0.1:25353';
const on = (name: string, resolver: string): Target =>
  target({ id: `${name}/A`, name, mode: 'exact', resolvers: [resolver] });
const a = on('a.one.test', A);
const b = on('b.one.test', A);
const c = on('c.one.test', A);
const x = on('x.two.test', B);
const TARGETS = [a, b, c, x];

function see(t: Target, i: number, kind: OutcomeKind): Observation {
  return observeEach(
    tick(i),
    [outcome(t.resolvers[0] as string, kind, kind === 'ANSWER' ? ['192.0.2.1'] : [])],
    t,
  );
}

/**
 * Rounds through the detectors and the router, as the probe round drives them: `down` lists the
 * targets whose server does not answer in each round (a list per round).
 */
function rounds(down: Target[][]) {
  const states = new Map<string, TargetState>(TARGETS.map((t) => [t.id, initialTargetState(t.id)]));
  const signals: Signal[][] = [];
  down.forEach((dark, i) => {
    const looks = TARGETS.map((t) => see(t, i, dark.includes(t) ? 'UNREACHABLE' : 'ANSWER'));
    const verdict = roundVerdict(looks);
    const round: Signal[] = [];
    TARGETS.forEach((t, j) => {
      const o = looks[j] as Observation;
      const prev = states.get(t.id) as TargetState;
      const routed = routeSignals(prev, evaluate(prev, o, t, detection()), o, t, causeOf(o, verdict));
      expect(routed.next.pendingSignals).toEqual(routed.signals);
      states.set(t.id, { ...routed.next, version: prev.version + 1 });
      round.push(...routed.signals);
    });
    signals.push(round);
  });
  return { signals, states };
}

const PLACEHOLDER = /\?|undefined|NaN|\[object/;

describe('Function: routeSignals', () => {
  it('sends the UNREACHABLE of every target of a dead server to its cause, and their recovery out of it', () => {
    // Act: healthy, the server of a, b, c dead for two rounds, then three healthy rounds.
    const { signals, states } = rounds([[], [a, b, c], [a, b, c], [], [], []]);

    // Assess
    const unreachable = signals[2]?.filter((s) => s.kind === 'UNREACHABLE') ?? [];
    expect(unreachable.map((s) => [s.targetId, s.cause?.id])).toEqual([
      ['a.one.test/A', `resolver/${A}`],
      ['b.one.test/A', `resolver/${A}`],
      ['c.one.test/A', `resolver/${A}`],
    ]);
    expect(signals[5]?.map((s) => [s.kind, s.targetId, s.leaves])).toEqual([
      ['RECOVERED', 'a.one.test/A', `resolver/${A}`],
      ['RECOVERED', 'b.one.test/A', `resolver/${A}`],
      ['RECOVERED', 'c.one.test/A', `resolver/${A}`],
    ]);
    expect(states.get(a.id)?.problem).toBeUndefined();
  });

  it('gives a target still dark once its server answers the others an UNREACHABLE of its own', () => {
    // Act: a, b, c dark; then the server answers b and c but still not a.
    const { signals, states } = rounds([[], [a, b, c], [a, b, c], [a]]);

    // Assess
    expect(signals[3]?.map((s) => [s.kind, s.targetId, s.leaves, s.cause])).toEqual([
      ['UNREACHABLE', 'a.one.test/A', `resolver/${A}`, undefined],
    ]);
    expect(signals[3]?.[0]?.summary).toMatch(/UNREACHABLE on its own/);
    expect(signals[3]?.[0]?.facts.since).toBe(tick(1).toISOString());
    expect(states.get(a.id)?.problem).toEqual({ kind: 'UNREACHABLE', since: tick(1).toISOString() });
  });

  it('leaves a target that is dark alone while its server answers others to its own incident', () => {
    const { signals } = rounds([[], [a], [a]]);

    expect(signals[2]?.map((s) => [s.kind, s.targetId, s.cause, s.leaves])).toEqual([
      ['UNREACHABLE', 'a.one.test/A', undefined, undefined],
    ]);
  });
});

describe('Functions: openCauseIncident / joinCause / leaveCause', () => {
  const cause: ResolverCause = {
    id: `resolver/${A}`,
    resolvers: [A],
    all: false,
    targets: 3,
    outcomes: ['TIMEOUT'],
  };
  const signal = (t: Target, i: number, kind: Signal['kind'] = 'UNREACHABLE'): Signal => {
    const o = see(t, i, kind === 'UNREACHABLE' ? 'TIMEOUT' : 'ANSWER');
    return {
      kind,
      targetId: t.id,
      at: o.observedAt,
      observationId: o.id,
      summary: `${t.name} ${kind}`,
      evidence: o.outcomes,
      facts: { name: t.name, type: t.type, since: tick(1).toISOString() },
    };
  };
  const opening = { ...signal(a, 2), kind: 'UNREACHABLE' as const, cause };

  function outage(): Incident {
    let incident = openCauseIncident(opening, '#alerts').incident;
    for (const t of [b, c]) incident = joinCause(incident, signal(t, 2)) ?? incident;
    return incident;
  }

  it('opens one incident for the cause, lists targets as they join, and says so in every rendering', () => {
    // Act
    const { incident, entries } = openCauseIncident(opening, '#alerts');
    const all = outage();

    // Assess
    expect(incident).toMatchObject({ targetId: `resolver/${A}`, kind: 'UNREACHABLE', status: 'open' });
    expect(entries.map((e) => [e.kind, e.text])).toEqual([
      [
        'OPENED',
        `${A} stopped answering: it gave none of the 3 targets asking it a usable answer (TIMEOUT) — this is not evidence that any record is empty`,
      ],
    ]);
    expect(all.cause?.affected.map((t) => t.targetId)).toEqual([
      'a.one.test/A',
      'b.one.test/A',
      'c.one.test/A',
    ]);
    expect(whatHappened(all)).toBe(
      `${A} stopped answering: 3 targets affected — this is NOT evidence that any record is empty.`,
    );
    const root = renderRootMessage({ incident: all, now: tick(3) });
    const blocks = JSON.stringify(root.blocks);
    expect(blocks).toContain('Affected targets (3 now)');
    for (const t of [a, b, c]) expect(blocks).toContain(`\`${t.id}\` since`);
    const summary = formatIncidentSummary(all, tick(3));
    expect(summary).toContain('affected: a.one.test/A, b.one.test/A, c.one.test/A');
    expect(`${root.text}${blocks}${summary}`).not.toMatch(PLACEHOLDER);
  });

  it('changes nothing when the same target joins again or a stranger leaves', () => {
    const all = outage();

    expect(joinCause(all, signal(b, 2))).toBeUndefined();
    expect(joinCause(all, signal(b, 3))).toBeUndefined();
    expect(leaveCause(all, signal(x, 3, 'RECOVERED'), true)).toBeUndefined();
  });

  it('recovers when the last affected target leaves: one RECOVERED, resolved, the list kept', () => {
    // Act
    let incident = outage();
    const steps = [a, b, c].map((t) => {
      const change = leaveCause(incident, signal(t, 5, 'RECOVERED'), true);
      incident = change?.incident ?? incident;
      return change?.entries.map((e) => e.kind);
    });

    // Assess
    expect(steps).toEqual([[], [], ['RECOVERED', 'RESOLVED']]);
    expect(incident.status).toBe('resolved');
    expect(whatHappened(incident)).toMatch(
      new RegExp(`^Over since .*\\. It was: ${A} stopped answering: 3 targets affected`),
    );
    expect(JSON.stringify(renderRootMessage({ incident, now: tick(6) }).blocks)).toContain(
      'Affected targets (0 now, 3 in all)',
    );
    expect(leaveCause(incident, signal(c, 5, 'RECOVERED'), true)).toBeUndefined();
  });

  it('with auto-resolve off, the cause ends but the incident waits for a person', () => {
    let incident = openCauseIncident(opening, '#alerts').incident;

    const change = leaveCause(incident, signal(a, 5, 'RECOVERED'), false);
    incident = change?.incident as Incident;

    expect(change?.entries.map((e) => e.kind)).toEqual(['RECOVERED']);
    expect(incident.status).toBe('open');
    expect(whatHappened(incident)).toMatch(/^Over since .*It was: .* stopped answering: 1 target affected/);
  });

  it('names every resolver when no resolver answers at all', () => {
    const none: ResolverCause = {
      id: 'resolvers/all',
      resolvers: [A, B],
      all: true,
      targets: 4,
      outcomes: ['TIMEOUT'],
    };

    const { incident, entries } = openCauseIncident({ ...opening, cause: none });

    expect(whatHappened(incident)).toBe(
      `No resolver answers: 1 target affected. Asked ${A}, ${B}: this machine may be offline or its DNS path broken; this is NOT evidence that any record is empty.`,
    );
    expect(entries[0]?.text).toMatch(/^No resolver answers: none of the 2 resolvers asked/);
    expect(incident.title).toBe('UNREACHABLE: no resolver answers');
  });
});
