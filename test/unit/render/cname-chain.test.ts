import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../../lambda/domain/detectors/target-state.js';
import type { Observation, ResolverOutcome } from '../../../lambda/domain/observation.js';
import { outcomeSummary } from '../../../lambda/domain/render/describe.js';
import type { Signal } from '../../../lambda/domain/signals.js';
import {
  detection,
  observe,
  observeEach,
  outcome,
  RESOLVERS,
  target,
  tick,
} from '../../support/observations.js';

const WWW = 'www.example.test';
const API = 'api.example.test';
const chain = [WWW, API];

const via = (o: ResolverOutcome, names: string[] = chain): ResolverOutcome => ({ ...o, cnameChain: names });

describe('Function: outcomeSummary › a CNAME chain', () => {
  it('says where an NXDOMAIN chain breaks', () => {
    expect(outcomeSummary(via(outcome('10.0.0.1:53', 'NXDOMAIN')))).toBe(
      `NXDOMAIN — ${WWW} → ${API}: ${API} does not exist · negative TTL 60 s · 3 ms`,
    );
  });

  it('says which name of the chain has no records (NODATA)', () => {
    expect(outcomeSummary(via(outcome('10.0.0.1:53', 'NODATA')))).toBe(
      `NODATA (NOERROR) — ${WWW} → ${API}: ${API} exists but has no records · negative TTL 60 s · 3 ms`,
    );
  });

  it('shows the chain before the values when it ends in an answer', () => {
    const names = [WWW, 'edge.example.test', API];
    expect(outcomeSummary(via(outcome('10.0.0.1:53', 'ANSWER', ['192.0.2.1', '192.0.2.2']), names))).toBe(
      `ANSWER (NOERROR) — ${WWW} → edge.example.test → ${API}: 192.0.2.1, 192.0.2.2 · TTL 5 s · 3 ms`,
    );
  });

  it('gives the reason, not "the resolver failed", when a NOERROR reply could not be used', () => {
    const loop: ResolverOutcome = {
      resolver: '10.0.0.1:53',
      kind: 'SERVFAIL',
      rcode: 'NOERROR',
      values: [],
      latencyMs: 3,
      cnameChain: [WWW, API, WWW],
      detail: `CNAME loop: ${WWW} → ${API} → ${WWW}`,
    };

    expect(outcomeSummary(loop)).toBe(`SERVFAIL (NOERROR) — CNAME loop: ${WWW} → ${API} → ${WWW} · 3 ms`);
  });

  it('reads as before when no chain was followed', () => {
    expect(outcomeSummary(outcome('10.0.0.1:53', 'NXDOMAIN'))).toBe(
      'NXDOMAIN — the name does not exist · negative TTL 60 s · 3 ms',
    );
  });
});

function emptySignal(observations: Observation[]): Signal | undefined {
  const t = target({ id: `${WWW}/A`, name: WWW, mode: 'exact' });
  let state: TargetState = initialTargetState(t.id);
  const signals: Signal[] = [];
  for (const o of observations) {
    const ev = evaluate(state, { ...o, targetId: t.id }, t, detection());
    state = { ...ev.next, version: ev.next.version + 1 };
    signals.push(...ev.signals);
  }
  return signals.find((s) => s.kind === 'EMPTY');
}

const allVia = (at: Date, kind: 'NXDOMAIN' | 'NODATA', names = chain): Observation =>
  observeEach(
    at,
    RESOLVERS.map((r) => via(outcome(r, kind), names)),
  );

describe('Detector: EMPTY › reached through a CNAME chain', () => {
  it('names the chain and the name that does not exist (NXDOMAIN), with the chain in the evidence', () => {
    const signal = emptySignal([
      observe(tick(0), 'ANSWER', ['192.0.2.1']),
      allVia(tick(1), 'NXDOMAIN'),
      allVia(tick(2), 'NXDOMAIN'),
    ]);

    expect(signal?.summary).toBe(
      `${WWW} A is EMPTY: ${WWW} → ${API}: ${API} does not exist (NXDOMAIN) from 3 of 3 answering resolvers, 2 probes in a row`,
    );
    expect(signal?.evidence.map((o) => o.cnameChain)).toEqual([chain, chain, chain]);
  });

  it('names the chain and the name without records (NODATA)', () => {
    const signal = emptySignal([
      observe(tick(0), 'ANSWER', ['192.0.2.1']),
      allVia(tick(1), 'NODATA'),
      allVia(tick(2), 'NODATA'),
    ]);

    expect(signal?.summary).toContain(
      `EMPTY: ${WWW} → ${API}: ${API} exists but has no records (NODATA) from`,
    );
  });

  it('tells the chain most resolvers returned when they disagree', () => {
    const longer = [WWW, 'edge.example.test', API];
    const split = (at: Date) =>
      observeEach(at, [
        via(outcome(RESOLVERS[0] as string, 'NXDOMAIN'), longer),
        via(outcome(RESOLVERS[1] as string, 'NXDOMAIN')),
        via(outcome(RESOLVERS[2] as string, 'NXDOMAIN'), longer),
      ]);

    const signal = emptySignal([observe(tick(0), 'ANSWER', ['192.0.2.1']), split(tick(1)), split(tick(2))]);

    expect(signal?.summary).toContain(`EMPTY: ${WWW} → edge.example.test → ${API}: ${API} does not exist`);
  });

  it('keeps the plain wording when the asked name itself is gone', () => {
    const signal = emptySignal([
      observe(tick(0), 'ANSWER', ['192.0.2.1']),
      observe(tick(1), 'NXDOMAIN'),
      observe(tick(2), 'NXDOMAIN'),
    ]);

    expect(signal?.summary).toContain('EMPTY: the name does not exist (NXDOMAIN) from 3 of 3');
    expect(signal?.summary).not.toContain('→');
  });
});
