import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { causeOf, roundVerdict } from '../../../lambda/domain/causes/round-verdict.js';
import {
  isUsable,
  type Observation,
  OUTCOME_KINDS,
  type OutcomeKind,
} from '../../../lambda/domain/observation.js';
import { observeEach, outcome, target } from '../../support/observations.js';

const A = '127.0.0.1:15353';
const B = '127.0.0.1:25353';
const C = '127.0.0.1:35353';
const AT = '2026-12-02T02:00:00.000Z';

/** One target's observation: `answers` maps each resolver it asked to what that resolver said. */
function look(name: string, answers: Record<string, OutcomeKind>): Observation {
  const t = target({ id: `${name}/A`, name, resolvers: Object.keys(answers) });
  return observeEach(
    AT,
    Object.entries(answers).map(([resolver, kind]) =>
      outcome(resolver, kind, kind === 'ANSWER' ? ['192.0.2.1'] : []),
    ),
    t,
  );
}

describe('Function: roundVerdict / causeOf', () => {
  it('names a resolver that answered none of the targets asking it, and only their targets', () => {
    // Prepare
    const round = [
      look('a.one.test', { [A]: 'UNREACHABLE' }),
      look('b.one.test', { [A]: 'TIMEOUT' }),
      look('c.one.test', { [A]: 'UNREACHABLE' }),
      look('x.two.test', { [B]: 'ANSWER' }),
    ];

    // Act
    const verdict = roundVerdict(round);

    // Assess
    expect([...verdict.down.keys()]).toEqual([A]);
    expect(verdict.allDown).toBe(false);
    expect(causeOf(round[0] as Observation, verdict)).toEqual({
      id: `resolver/${A}`,
      resolvers: [A],
      all: false,
      targets: 3,
      outcomes: ['TIMEOUT', 'UNREACHABLE'],
    });
    expect(causeOf(round[3] as Observation, verdict)).toBeUndefined();
  });

  it('keeps a target its own when its resolver answers another target (any usable answer counts)', () => {
    const round = [
      look('stray.elsewhere.test', { [A]: 'REFUSED' }),
      look('gone.one.test', { [A]: 'NXDOMAIN' }),
      look('x.two.test', { [B]: 'ANSWER' }),
    ];

    const verdict = roundVerdict(round);

    expect(verdict.down.size).toBe(0);
    expect(causeOf(round[0] as Observation, verdict)).toBeUndefined();
  });

  it('cannot blame a resolver only one target asked: that target keeps its own incident', () => {
    const round = [look('a.one.test', { [A]: 'SERVFAIL' }), look('x.two.test', { [B]: 'ANSWER' })];

    expect(causeOf(round[0] as Observation, roundVerdict(round))).toBeUndefined();
  });

  it('blames every resolver of a target when all of them are down while another answers', () => {
    const round = [
      look('a.one.test', { [A]: 'TIMEOUT', [B]: 'MALFORMED' }),
      look('b.one.test', { [B]: 'REFUSED', [A]: 'TIMEOUT' }),
      look('x.three.test', { [C]: 'ANSWER' }),
    ];

    const cause = causeOf(round[0] as Observation, roundVerdict(round));

    expect(cause?.id).toBe(`resolvers/${A},${B}`);
    expect(cause?.resolvers).toEqual([A, B]);
    expect(causeOf(round[1] as Observation, roundVerdict(round))?.id).toBe(cause?.id);
  });

  it('does not blame a dead resolver for a target another resolver still answers', () => {
    const round = [
      look('a.one.test', { [A]: 'TIMEOUT', [B]: 'ANSWER' }),
      look('b.one.test', { [A]: 'TIMEOUT' }),
    ];

    const verdict = roundVerdict(round);

    expect([...verdict.down.keys()]).toEqual([A]);
    expect(causeOf(round[0] as Observation, verdict)).toBeUndefined();
    expect(causeOf(round[1] as Observation, verdict)?.id).toBe(`resolver/${A}`);
  });

  it('says "no resolver answers" when no resolver answered any target', () => {
    const round = [
      look('a.one.test', { [A]: 'UNREACHABLE' }),
      look('x.two.test', { [B]: 'TIMEOUT' }),
      look('y.two.test', { [B]: 'TIMEOUT', [C]: 'UNREACHABLE' }),
    ];

    const verdict = roundVerdict(round);

    expect(verdict.allDown).toBe(true);
    for (const o of round)
      expect(causeOf(o, verdict)).toEqual({
        id: 'resolvers/all',
        resolvers: [A, B, C],
        all: true,
        targets: 3,
        outcomes: ['TIMEOUT', 'UNREACHABLE'],
      });
  });

  it('names the one resolver there is rather than "all" when every target asks only it', () => {
    const round = [look('a.one.test', { [A]: 'TIMEOUT' }), look('b.one.test', { [A]: 'TIMEOUT' })];

    expect(causeOf(round[0] as Observation, roundVerdict(round))?.id).toBe(`resolver/${A}`);
  });

  it('property: a cause is only ever given to a target none of whose resolvers answered any target', () => {
    const resolvers = [A, B, C];
    const kinds = fc.constantFrom(...OUTCOME_KINDS);
    const observation = fc
      .tuple(fc.subarray(resolvers, { minLength: 1 }), fc.array(kinds, { minLength: 3, maxLength: 3 }))
      .map(([asked, said]) => ({ asked, said }));
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 6 }), (specs) => {
        const round = specs.map((s, i) =>
          look(`t${i}.test`, Object.fromEntries(s.asked.map((r, j) => [r, s.said[j] as OutcomeKind]))),
        );
        const verdict = roundVerdict(round);
        const answered = new Set(round.flatMap((o) => o.outcomes.filter(isUsable).map((x) => x.resolver)));
        for (const o of round) {
          const cause = causeOf(o, verdict);
          if (!cause) continue;
          expect(o.outcomes.some(isUsable)).toBe(false);
          for (const r of o.outcomes.map((x) => x.resolver)) expect(answered.has(r)).toBe(false);
          expect(cause.targets).toBeGreaterThanOrEqual(2);
          expect(cause.id).toMatch(/^resolvers?\//);
        }
      }),
    );
  });
});
