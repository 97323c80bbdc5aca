import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRunbooks } from '../../../lambda/config/load-runbooks.js';
import { evaluate } from '../../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../../lambda/domain/detectors/target-state.js';
import { applyHealthEvent } from '../../../lambda/domain/health/health-change.js';
import type { HealthRecord } from '../../../lambda/domain/health/health-record.js';
import { healthSignals } from '../../../lambda/domain/health/health-signals.js';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { applySignal, openIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { OUTCOME_KINDS } from '../../../lambda/domain/observation.js';
import { renderRootMessage, renderTimelineReply } from '../../../lambda/domain/render/blocks.js';
import { latestHealth } from '../../../lambda/domain/render/health-status.js';
import { formatEntryLine, formatIncidentSummary } from '../../../lambda/domain/render/text.js';
import { currentEvidence } from '../../../lambda/domain/render/what-happened.js';
import { selectRunbook } from '../../../lambda/domain/runbooks/select.js';
import { isAlertKind, type Signal } from '../../../lambda/domain/signals.js';
import { detection, observeEach, outcome, RESOLVERS, target, tick } from '../../support/observations.js';

const RUNBOOKS = loadRunbooks();
const VALUES = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'];
/** What must never reach a person: a placeholder, a lost number, or a field with nothing in it. */
const PLACEHOLDER =
  /\?|\bundefined\b|\bNaN\b|\bnull\b|\(\)|\[\]|\(none\)|\(no text\)|: \.|: ,|→ ,|\bInfinity\b/;

const probeRow = fc.array(
  fc.record({ kind: fc.constantFrom(...OUTCOME_KINDS), values: fc.subarray(VALUES, { minLength: 1 }) }),
  { minLength: RESOLVERS.length, maxLength: RESOLVERS.length },
);

/** Route 53 signals with the facts their sources give them (race-signature.ts, zone-signals.ts, change-events.ts). */
const route53Signal = fc.constantFrom(
  {
    kind: 'EMPTY',
    source: 'cloudtrail',
    facts: { zoneId: 'Z1', writer: 'enactor-2', changeId: 'C0DELETE' },
  } as const,
  { kind: 'EMPTY', source: 'cloudtrail', facts: { zoneId: 'Z1', writer: 'enactor-2' } } as const,
  { kind: 'EMPTY', source: 'route53-snapshot', facts: { zoneId: 'Z1', why: 'all-weights-zero' } } as const,
  { kind: 'RECOVERED', source: 'route53-snapshot', facts: { after: '192.0.2.1 TTL 60' } } as const,
  {
    kind: 'CONCURRENT_WRITERS',
    source: 'cloudtrail',
    facts: { writers: 'enactor-1, enactor-2', windowSeconds: 600, writes: 3 },
  } as const,
  {
    kind: 'STALE_OVERWRITE',
    source: 'cloudtrail',
    facts: { staleVersion: 'v1', newerVersion: 'v2', writer: 'enactor-1' },
  } as const,
  { kind: 'RECORD_CHANGED', source: 'route53-snapshot', facts: {} } as const,
);

/** What AWS Health posts about the watched service: any status, a description or none, a time or none. */
const healthPost = fc.record({
  status: fc.constantFrom('open', 'closed', 'upcoming'),
  description: fc.constantFrom('', 'Increased error rates', 'Line one.\nLine two <@U1> & more', ' '),
  timed: fc.boolean(),
  ended: fc.boolean(),
});

const step = fc.oneof(
  { weight: 4, arbitrary: probeRow.map((row) => ({ probe: row }) as const) },
  { weight: 1, arbitrary: route53Signal.map((r) => ({ route53: r }) as const) },
  { weight: 1, arbitrary: healthPost.map((h) => ({ health: h }) as const) },
);

/** A URL (a link's address, a runbook's `open '…'`) holds `?` by design: what is checked is the prose. */
const withoutUrls = (text: string) => text.replace(/https?:\/\/[^\s|>'"\\]+/g, 'URL');

function rendered(incident: Incident, entries: TimelineEntry[], now: Date): string[] {
  const evidence = currentEvidence(entries);
  const root = renderRootMessage({
    incident,
    runbook: selectRunbook(RUNBOOKS, incident.kind),
    evidence,
    health: latestHealth(entries),
    now,
  });
  return [
    formatIncidentSummary(incident, now, evidence),
    root.text,
    JSON.stringify(root.blocks),
    ...entries.flatMap((e) => [
      formatEntryLine(e, incident.targetId),
      renderTimelineReply(e, incident.targetId).text,
    ]),
  ];
}

describe('Rendering: no placeholder ever reaches a person', () => {
  it('renders every signal kind, for any history of probes, Route 53 events and AWS Health posts, without ?, undefined, NaN or an empty field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('exact', 'pool'),
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 40 }),
        (mode, autoResolve, steps) => {
          const t = target({ mode });
          let state: TargetState = initialTargetState(t.id);
          let incident: Incident | undefined;
          let entries: TimelineEntry[] = [];
          let health: HealthRecord | undefined;
          steps.forEach((s, i) => {
            const at = tick(i);
            let signals: Signal[];
            if ('probe' in s) {
              const o = observeEach(
                at,
                s.probe.map((r, j) =>
                  outcome(RESOLVERS[j] as string, r.kind, r.kind === 'ANSWER' ? r.values : []),
                ),
                t,
              );
              const ev = evaluate(state, o, t, detection());
              state = { ...ev.next, version: ev.next.version + 1 };
              signals = ev.signals;
            } else if ('health' in s) {
              const { next, change } = applyHealthEvent(health, {
                arn: 'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/X',
                service: 'DYNAMODB',
                typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
                category: 'issue',
                region: 'us-east-1',
                status: s.health.status,
                description: s.health.description,
                entities: [],
                via: 'eventbridge',
                ...(s.health.timed ? { lastUpdatedTime: at.toISOString() } : {}),
                ...(s.health.ended ? { endTime: at.toISOString() } : {}),
              });
              health = next;
              const made = change
                ? healthSignals(change, { closedResolves: autoResolve, receivedAt: at.toISOString() })
                : [];
              signals = made.map((signal) => ({ ...signal, targetId: t.id }));
            } else {
              signals = [
                {
                  kind: s.route53.kind,
                  targetId: t.id,
                  at: at.toISOString(),
                  observationId: `r53-${i}`,
                  summary: `${s.route53.kind} seen in Route 53`,
                  evidence: [],
                  source: s.route53.source,
                  facts: { name: t.name, type: t.type, ...(s.route53.facts as Signal['facts']) },
                },
              ];
            }
            for (const signal of signals) {
              if (!incident || incident.status === 'resolved') {
                if (!isAlertKind(signal.kind)) continue;
                const opened = openIncident({ ...signal, kind: signal.kind }, t);
                incident = opened.incident;
                entries = [...opened.entries];
              } else {
                const change = applySignal(incident, signal, autoResolve);
                incident = change.incident;
                entries = [...entries, ...change.entries];
              }
              for (const text of rendered(incident, entries, tick(i + 1))) {
                expect(withoutUrls(text), `${signal.kind} → ${text}`).not.toMatch(PLACEHOLDER);
              }
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
