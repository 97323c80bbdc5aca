import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../../lambda/domain/detectors/target-state.js';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { applySignal, openIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import type { Observation } from '../../../lambda/domain/observation.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import { formatIncidentSummary } from '../../../lambda/domain/render/text.js';
import { whatHappened } from '../../../lambda/domain/render/what-happened.js';
import { isAlertKind, type Signal } from '../../../lambda/domain/signals.js';
import type { Target } from '../../../lambda/domain/targets.js';
import { detection, observe, target, tick } from '../../support/observations.js';

const A = ['192.0.2.1', '192.0.2.2', '192.0.2.3'];
const B = ['198.51.100.7', '198.51.100.8', '198.51.100.9'];

/** Observations through the detectors and the incident lifecycle, as the engine applies them. */
function run(steps: Observation[], t: Target, extra: Record<number, Signal[]> = {}) {
  let state: TargetState = initialTargetState(t.id);
  let incident: Incident | undefined;
  const signals: Signal[] = [];
  const entries: TimelineEntry[] = [];
  const apply = (signal: Signal) => {
    signals.push(signal);
    if (!incident || incident.status === 'resolved') {
      if (!isAlertKind(signal.kind)) return;
      const change = openIncident({ ...signal, kind: signal.kind }, t);
      incident = change.incident;
      entries.push(...change.entries);
      return;
    }
    const change = applySignal(incident, signal, true);
    incident = change.incident;
    entries.push(...change.entries);
  };
  steps.forEach((o, i) => {
    for (const s of extra[i] ?? []) apply(s);
    const ev = evaluate(state, o, t, detection());
    state = { ...ev.next, version: ev.next.version + 1 };
    for (const s of ev.signals) apply(s);
  });
  return { signals, kinds: signals.map((s) => s.kind), incident: incident as Incident, entries, state };
}

function route53(kind: Signal['kind'], t: Target, at: Date, facts: Signal['facts'] = {}): Signal {
  return {
    kind,
    targetId: t.id,
    at: at.toISOString(),
    observationId: `ct-${kind}-${at.toISOString()}`,
    summary: `${kind} from CloudTrail`,
    evidence: [],
    source: 'cloudtrail',
    facts: { name: t.name, type: t.type, ...facts },
  };
}

describe('Incidents: a restore is a recovery, not a flap (exact mode)', () => {
  it('reports one NXDOMAIN outage and its repair as EMPTY → RECOVERED, resolved with EMPTY as its headline', () => {
    const t = target({ mode: 'exact' });
    const steps = [
      ...[0, 1, 2].map((i) => observe(tick(i), 'ANSWER', A, t)),
      ...[3, 4, 5].map((i) => observe(tick(i), 'NXDOMAIN', [], t)),
      ...[6, 7, 8].map((i) => observe(tick(i), 'ANSWER', A, t)),
    ];
    const { kinds, incident } = run(steps, t);
    expect(kinds).toEqual(['EMPTY', 'RECOVERED']);
    expect(incident.status).toBe('resolved');
    expect(incident.headlineKind).toBe('EMPTY');
    const summary = formatIncidentSummary(incident, tick(20));
    expect(summary).toMatch(/^\[RESOLVED\] EMPTY /);
    expect(summary).not.toContain('FLAPPING');
    expect(summary).toContain('does not exist');
  });
});

describe('Incidents: the headline tells the current truth', () => {
  it('drops UNREACHABLE from the headline once resolvers answer again while the record still flaps', () => {
    const t = target({ mode: 'exact' });
    const steps = [
      observe(tick(0), 'ANSWER', A, t),
      observe(tick(1), 'ANSWER', B, t),
      observe(tick(2), 'ANSWER', A, t), // A→B→A: FLAPPING
      observe(tick(3), 'TIMEOUT', [], t),
      observe(tick(4), 'TIMEOUT', [], t), // UNREACHABLE
      ...[5, 6, 7].map((i) => observe(tick(i), 'ANSWER', B, t)), // third transition, then settled
    ];
    const { kinds, incident, signals } = run(steps, t);
    expect(kinds.filter((k) => k !== 'CHANGED')).toEqual(['FLAPPING', 'UNREACHABLE', 'ENDED']);
    expect(signals.at(-1)?.summary).toContain('UNREACHABLE ended');
    expect(signals.at(-1)?.summary).toContain('still FLAPPING');
    expect(incident.status).toBe('open');
    expect(incident.headlineKind).toBe('FLAPPING');
    const text = whatHappened(incident);
    expect(text).toContain('keeps changing');
    expect(text).not.toContain('resolution itself is failing');
    const root = renderRootMessage({ incident, now: tick(8) });
    expect(JSON.stringify(root.blocks[0])).toContain('FLAPPING');
  });

  it('while Route 53 and the resolvers both say EMPTY, a Route 53 recovery leaves the resolvers’ EMPTY as the headline', () => {
    const t = target({ mode: 'exact' });
    const steps = [
      ...[0, 1, 2].map((i) => observe(tick(i), 'ANSWER', A, t)),
      ...[3, 4, 5, 6].map((i) => observe(tick(i), 'NODATA', [], t)),
      ...[7, 8, 9].map((i) => observe(tick(i), 'ANSWER', A, t)),
    ];
    const deleted = route53('EMPTY', t, tick(2.5), { changeId: 'C0123DELETE', writer: 'enactor-2' });
    const restored = route53('RECOVERED', t, tick(6.5));
    const mid = run(steps.slice(0, 7), t, { 3: [deleted], 6: [restored] });
    expect(mid.incident.status).toBe('open');
    expect(mid.incident.headlineKind).toBe('EMPTY');
    expect(mid.incident.headline?.family).toBe('dns-probe');
    expect(whatHappened(mid.incident)).toContain('NODATA');
    const all = run(steps, t, { 3: [deleted], 6: [restored] });
    expect(all.incident.status).toBe('resolved');
    expect(all.kinds.filter((k) => k === 'RECOVERED')).toHaveLength(2);
  });

  it('DEGRADED replaces EMPTY once the name answers again, but short', () => {
    const t = target({ mode: 'pool', baselineCount: 6 });
    const six = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const steps = [
      observe(tick(0), 'ANSWER', six, t),
      observe(tick(1), 'NODATA', [], t),
      observe(tick(2), 'NODATA', [], t),
      observe(tick(3), 'ANSWER', ['10.0.0.1'], t),
      observe(tick(4), 'ANSWER', ['10.0.0.1'], t),
    ];
    const { kinds, incident } = run(steps, t);
    expect(kinds).toEqual(['EMPTY', 'DEGRADED']);
    expect(incident.headlineKind).toBe('DEGRADED');
    expect(whatHappened(incident)).toBe(
      'dynamodb.us-east-1.amazonaws.com answers with fewer A records than usual: 1 where the baseline is 6.',
    );
  });
});

describe('Incidents: since when, and from which source', () => {
  it('dates an EMPTY from its first empty probe, not from when the incident was opened', () => {
    const t = target();
    const steps = [
      observe(tick(0), 'ANSWER', A, t),
      observe(tick(1), 'NODATA', [], t),
      observe(tick(2), 'NODATA', [], t),
    ];
    const { incident } = run(steps, t);
    expect(incident.openedAt).toBe(tick(2).toISOString());
    expect(formatIncidentSummary(incident, tick(3))).toContain('since 2025-10-20 06:48:10 UTC (20 s)');
  });

  it('says a CloudTrail DELETE deleted the record set, not what resolvers answered (none was asked), dated by the deletion', () => {
    const t = target();
    const race = route53('CONCURRENT_WRITERS', t, tick(0), {
      writers: 'enactor-1, enactor-2',
      windowSeconds: 600,
    });
    let incident = openIncident({ ...race, kind: 'CONCURRENT_WRITERS' }, t).incident;
    const deleted = route53('EMPTY', t, tick(6), { changeId: 'C0123DELETE', writer: 'enactor-2' });
    incident = applySignal(incident, deleted, true).incident;
    const text = whatHappened(incident);
    expect(text).toBe(
      'Route 53 change C0123DELETE (by enactor-2) deleted the A record set of dynamodb.us-east-1.amazonaws.com; not yet confirmed by a resolver.',
    );
    expect(text).not.toMatch(/NOERROR|resolvers answer/);
    expect(formatIncidentSummary(incident, tick(12))).toContain('since 2025-10-20 06:49:00 UTC (1 min)');
  });
});

describe('Incidents: FLAPPING names what it flapped between; RECOVERED says when caches expire', () => {
  it('lists the answers with their times', () => {
    const t = target({ mode: 'pool' });
    const steps = [
      observe(tick(0), 'ANSWER', A, t),
      observe(tick(1), 'NXDOMAIN', [], t),
      observe(tick(2), 'ANSWER', A, t),
      observe(tick(3), 'NXDOMAIN', [], t),
    ];
    const flapping = run(steps, t).signals.find((s) => s.kind === 'FLAPPING');
    expect(flapping?.summary).toContain(
      '06:48:10 UTC → no records, 2025-10-20 06:48:20 UTC → 3 records, 2025-10-20 06:48:30 UTC → no records',
    );
    expect(flapping?.facts.between).toBe('no records | 3 records');
  });

  it('tells when clients that cached the empty answer recover: first healthy probe + the negative TTL', () => {
    const t = target({ mode: 'exact' });
    const steps = [
      observe(tick(0), 'ANSWER', A, t),
      observe(tick(1), 'NODATA', [], t),
      observe(tick(2), 'NODATA', [], t),
      ...[3, 4, 5].map((i) => observe(tick(i), 'ANSWER', A, t)),
    ];
    const { signals, incident } = run(steps, t);
    const recovered = signals.find((s) => s.kind === 'RECOVERED');
    // First healthy probe 06:48:30 + negative TTL 60 s (test/support/observations.ts).
    expect(recovered?.summary).toContain(
      'clients that cached the empty answer recover by 2025-10-20 06:49:30 UTC at the latest (negative TTL 60 s)',
    );
    expect(recovered?.facts.clientsRecoverBy).toBe('2025-10-20T06:49:30.000Z');
    expect(incident.facts.clientsRecoverBy).toBe('2025-10-20T06:49:30.000Z');
  });

  it('says nothing about caches when no TTL was observed', () => {
    const t = target({ mode: 'exact' });
    const steps = [
      observe(tick(0), 'ANSWER', A, t),
      observe(tick(1), 'TIMEOUT', [], t),
      observe(tick(2), 'TIMEOUT', [], t),
      ...[3, 4, 5].map((i) => observe(tick(i), 'ANSWER', A, t)),
    ];
    const recovered = run(steps, t).signals.find((s) => s.kind === 'RECOVERED');
    expect(recovered?.summary).toMatch(/RECOVERED from UNREACHABLE: 3 healthy probes in a row since .* UTC$/);
    expect(recovered?.facts.clientsRecoverBy).toBeUndefined();
  });
});

describe('Incidents: review regressions (headline once over, caches, re-delivery, old incidents)', () => {
  it('an outage that came back short is still reported as the outage once it is over, with the empty answer’s TTL', () => {
    const t = target({ mode: 'pool', baselineCount: 6 });
    const six = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const steps = [
      observe(tick(0), 'ANSWER', six, t),
      observe(tick(1), 'NXDOMAIN', [], t),
      observe(tick(2), 'NXDOMAIN', [], t),
      observe(tick(3), 'ANSWER', ['10.0.0.1'], t),
      observe(tick(4), 'ANSWER', ['10.0.0.1'], t),
      ...[5, 6, 7].map((i) => observe(tick(i), 'ANSWER', six, t)),
    ];
    const { incident, signals } = run(steps, t);
    expect(incident.status).toBe('resolved');
    expect(incident.headlineKind).toBe('EMPTY');
    expect(formatIncidentSummary(incident, tick(9))).toContain('since 2025-10-20 06:48:10 UTC');
    // The NXDOMAIN (negative TTL 60 s) was cached too, not only the short answer (TTL 5 s).
    expect(signals.at(-1)?.summary).toContain(
      'clients that cached the empty or the short answer recover by 2025-10-20 06:49:50 UTC at the latest (TTL up to 60 s)',
    );
  });

  it('a race resolved by Route 53 is headlined by the outage it caused, not by the warning', () => {
    const t = target();
    const race = route53('CONCURRENT_WRITERS', t, tick(0), {
      writers: 'enactor-1, enactor-2',
      windowSeconds: 600,
    });
    let incident = openIncident({ ...race, kind: 'CONCURRENT_WRITERS' }, t).incident;
    incident = applySignal(
      incident,
      route53('EMPTY', t, tick(3), { changeId: 'C1', writer: 'enactor-2' }),
      true,
    ).incident;
    incident = applySignal(incident, route53('RECOVERED', t, tick(9)), true).incident;
    expect(incident.status).toBe('resolved');
    expect(incident.headlineKind).toBe('EMPTY');
    expect(whatHappened(incident)).toMatch(
      /^Over since 2025-10-20 06:49:30 UTC\. It was: Route 53 change C1/,
    );
  });

  it('a RECOVERED delivered again after another one resolved the incident writes no second RESOLVED', () => {
    const t = target();
    const steps = [
      observe(tick(0), 'ANSWER', A, t),
      observe(tick(1), 'NODATA', [], t),
      observe(tick(2), 'NODATA', [], t),
      ...[3, 4, 5].map((i) => observe(tick(i), 'ANSWER', A, t)),
    ];
    const deleted = route53('EMPTY', t, tick(1.5), { changeId: 'C1' });
    const restored = route53('RECOVERED', t, tick(2.5));
    const { incident } = run(steps, t, { 2: [deleted], 3: [restored] });
    expect(incident.status).toBe('resolved');
    expect(applySignal(incident, restored, true).entries.map((e) => e.kind)).toEqual(['RECOVERED']);
  });

  it('an incident stored before problems were tracked still resolves on a Route 53 recovery after other entries', () => {
    const t = target();
    const opened = openIncident(
      { ...route53('EMPTY', t, tick(0), { changeId: 'C1' }), kind: 'EMPTY' },
      t,
    ).incident;
    const { active: _a, headline: _h, ...legacy } = opened;
    let incident = applySignal(legacy, route53('RECORD_CHANGED', t, tick(1)), true).incident;
    incident = applySignal(incident, route53('RECOVERED', t, tick(2)), true).incident;
    expect(incident.status).toBe('resolved');
  });

  it('a CNAME EMPTY keeps saying where the chain broke once the name answers again', () => {
    const t = target({ name: 'www.ex.test', id: 'www.ex.test/A', mode: 'exact' });
    const signal = {
      ...route53('EMPTY', t, tick(0)),
      source: 'dns-probe' as const,
      facts: {
        name: t.name,
        type: 'A',
        rcodes: 'NXDOMAIN',
        chain: 'www.ex.test → api.ex.test: api.ex.test does not exist',
      },
    };
    const incident = openIncident({ ...signal, kind: 'EMPTY' }, t).incident;
    const healthy = [
      { resolver: '10.0.0.1:53', kind: 'ANSWER' as const, values: ['192.0.2.9'], latencyMs: 1 },
    ];
    expect(whatHappened(incident, healthy)).toBe(
      'www.ex.test → api.ex.test: api.ex.test does not exist (NXDOMAIN). Clients cannot connect.',
    );
  });
});
