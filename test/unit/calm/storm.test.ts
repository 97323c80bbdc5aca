import { describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../../lambda/domain/calm/settings.js';
import {
  endStorm,
  type OpeningInput,
  type OpeningResult,
  recordOpening,
  renderStormSummary,
  type StormState,
  stormOver,
} from '../../../lambda/domain/calm/storm.js';
import { messageProblems } from '../../support/block-kit-limits.js';

const S = CALM_DEFAULTS.storm;
const T0 = Date.parse('2025-10-20T07:48:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

function opening(n: number, over: Partial<OpeningInput> = {}): OpeningInput {
  return {
    channel: 'C0ALERTS',
    incidentId: `inc-${n}`,
    kind: 'EMPTY',
    source: 'dns-probe',
    region: 'us-east-1',
    ...over,
  };
}

/** Records openings at the given offsets; returns every result in order. */
function run(
  offsets: number[],
  make: (n: number) => OpeningInput = opening,
  start?: StormState,
): OpeningResult[] {
  const results: OpeningResult[] = [];
  let state = start;
  offsets.forEach((ms, n) => {
    const r = recordOpening(state, make(n), at(ms), S);
    results.push(r);
    state = r.state;
  });
  return results;
}

const placements = (rs: OpeningResult[]) => rs.map((r) => r.placement);

describe('Function: recordOpening', () => {
  it('keeps K openings within W top-level', () => {
    expect(placements(run([0, 1, 2, 3, 4]))).toEqual(Array(5).fill('top-level'));
  });

  it('starts a storm with the (K+1)-th opening within W; it and later ones go to the storm thread', () => {
    const rs = run([0, 1, 2, 3, 4, 59_999, 60_500]);

    expect(placements(rs)).toEqual([...Array(5).fill('top-level'), 'storm-thread', 'storm-thread']);
    expect(rs.map((r) => r.startsStorm)).toEqual([false, false, false, false, false, true, false]);
    expect(rs[6]?.state.storm).toMatchObject({
      id: 'storm-inc-5',
      startedAt: at(0).toISOString(),
      lastAt: at(60_500).toISOString(),
      topLevelIds: ['inc-0', 'inc-1', 'inc-2', 'inc-3', 'inc-4'],
      incidents: { total: 7, byKind: { EMPTY: 7 } },
    });
  });

  it('counts no opening W or more ago: six openings spread over exactly W make no storm', () => {
    expect(placements(run([0, 1, 2, 3, 4, 60_000]))).toEqual(Array(6).fill('top-level'));
  });

  it('keeps the placement of a redelivered opening and counts it once', () => {
    const rs = run([0, 1, 2, 3, 4, 5]);
    const state = rs[5]?.state as StormState;

    const again = recordOpening(state, opening(5), at(6), S);
    const firstAgain = recordOpening(state, opening(0), at(6), S);

    expect([again.placement, again.startsStorm, again.state]).toEqual(['storm-thread', false, state]);
    expect([firstAgain.placement, firstAgain.state]).toEqual(['top-level', state]);
  });

  it('ends a storm after quietMs without a new incident, and counts afresh: K top-level before a new storm', () => {
    const storm = run([0, 1, 2, 3, 4, 5]);
    const state = storm[5]?.state as StormState;

    expect(stormOver(state, at(5 + 59_999), S)).toBe(false);
    expect(stormOver(state, at(5 + 60_000), S)).toBe(true);

    const after = run([70_000, 70_001, 70_002, 70_003, 70_004, 70_005], (n) => opening(100 + n), state);
    expect(after[0]?.ended).toMatchObject({ id: 'storm-inc-5', endedAt: at(60_005).toISOString() });
    expect(placements(after)).toEqual([...Array(5).fill('top-level'), 'storm-thread']);
    expect(after[5]?.startsStorm).toBe(true);
    expect(after[5]?.state.storm?.id).toBe('storm-inc-105');
  });

  it('keeps a storm going while incidents keep coming, however long', () => {
    const offsets = [0, 1, 2, 3, 4, 5, ...Array.from({ length: 10 }, (_, i) => 50_000 * (i + 1))];
    const rs = run(offsets);

    expect(rs.slice(5).every((r) => r.placement === 'storm-thread')).toBe(true);
    expect(rs.at(-1)?.state.storm?.incidents.total).toBe(16);
  });
});

describe('Function: recordOpening with K = 0', () => {
  it('puts every opening in the storm thread and says so', () => {
    const r = recordOpening(undefined, opening(0), at(0), { ...S, threshold: 0 });
    const storm = r.state.storm;

    expect([r.placement, r.startsStorm]).toEqual(['storm-thread', true]);
    expect(JSON.stringify(renderStormSummary(storm as NonNullable<typeof storm>, at(0)).blocks)).toContain(
      'all its incidents go to this thread',
    );
  });
});

describe('Function: endStorm', () => {
  it('changes nothing while the storm is not over', () => {
    const state = run([0, 1, 2, 3, 4, 5])[5]?.state as StormState;

    expect(endStorm(state, at(30_000), S)).toBe(state);
  });
});

describe('Function: renderStormSummary', () => {
  function stormOf(make: (n: number) => OpeningInput, count = 37) {
    const offsets = Array.from({ length: count }, (_, i) => Math.round((i * 60_000) / (count - 1)));
    return run(offsets, make).at(-1)?.state.storm;
  }

  it('says where, how many, of what kind and since when; AWS Health events as one family', () => {
    const storm = stormOf((n) =>
      n < 12
        ? opening(n)
        : n < 32
          ? opening(n, { kind: 'HEALTH_EVENT', source: 'aws-health' })
          : opening(n, { kind: 'UNREACHABLE' }),
    );
    const message = renderStormSummary(storm as NonNullable<typeof storm>, at(61_000));

    expect(message.text).toBe(
      'Storm: us-east-1: 37 incidents in 1 min — 20 AWS Health, 12 EMPTY, 5 UNREACHABLE; started 07:48 UTC',
    );
    expect(JSON.stringify(message.blocks)).toContain('the first 5 were posted in the channel');
    expect(messageProblems(message)).toEqual([]);
  });

  it('groups incidents under their cause, and leaves the region out when not shared', () => {
    const storm = stormOf(
      (n) =>
        n < 9
          ? opening(n, { kind: 'UNREACHABLE', cause: 'resolver 10.0.0.53 down', region: undefined })
          : opening(n, { region: 'eu-west-1' }),
      12,
    );
    const message = renderStormSummary(storm as NonNullable<typeof storm>, at(61_000));

    expect(message.text).toBe(
      'Storm: 12 incidents in 1 min — 9 UNREACHABLE, 3 EMPTY; 9 under resolver 10.0.0.53 down; started 07:48 UTC',
    );
  });

  it('says when the storm was over and how long it lasted', () => {
    const offsets = [0, 1, 2, 3, 4, 5, ...Array.from({ length: 15 }, (_, i) => 50_000 * (i + 1)), 780_000];
    const state = run(offsets).at(-1)?.state as StormState;
    const ended = endStorm(state, at(900_000), S).storm;

    expect(renderStormSummary(ended as NonNullable<typeof ended>, at(900_000)).text).toBe(
      'Storm: us-east-1: 22 incidents in 13 min — 22 EMPTY; started 07:48 UTC — over at 08:02 UTC (14 min)',
    );
  });
});
