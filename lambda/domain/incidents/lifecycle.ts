import type { Incident, TimelineEntry } from '../incident.js';
import { formatTime } from '../render/time.js';
import type { Severity } from '../routing/severity.js';
import { type AlertKind, isAlertKind, type Signal } from '../signals.js';
import type { IncidentSubject } from '../targets.js';
import { IncidentTransitionError } from './errors.js';
import { activeOf, end, hasCondition, problemOf, raise, withActive } from './headline.js';
import { entryIdFor, incidentIdFor } from './ids.js';

export interface Change {
  incident: Incident;
  entries: TimelineEntry[];
}

/** Opens the incident for an alert signal: the incident (with its severity, when decided) and its OPENED entry. */
export function openIncident(
  signal: Signal & { kind: AlertKind },
  target: IncidentSubject,
  channel?: string,
  severity?: Severity,
): Change {
  const id = incidentIdFor(signal.targetId, signal.observationId, signal.at);
  const problem = problemOf(signal);
  const incident: Incident = {
    id,
    targetId: signal.targetId,
    kind: signal.kind,
    headlineKind: signal.kind,
    active: [problem],
    headline: problem,
    status: 'open',
    title: `${signal.kind}: ${target.name} ${target.type}`,
    openedAt: signal.at,
    updatedAt: signal.at,
    facts: { ...signal.facts, incidentId: id, kind: signal.kind },
    appliedSignals: [signalKey(signal)],
    openedBy: signalKey(signal),
    version: 1,
    ...(severity ? { severity } : {}),
    ...(channel ? { channel } : {}),
  };
  return { incident, entries: [signalEntry(id, signal, 'OPENED')] };
}

export function signalEntry(
  incidentId: string,
  signal: Signal,
  kind: TimelineEntry['kind'] = signal.kind,
): TimelineEntry {
  return {
    incidentId,
    entryId: entryIdFor(incidentId, kind, signal.observationId),
    at: signal.at,
    kind,
    source: signal.source ?? 'dns-probe',
    text: signal.summary,
    evidence: signal.evidence,
    ...(signal.source === 'aws-health' ? { facts: signal.facts } : {}),
    ...(signal.changes?.length ? { changes: signal.changes } : {}),
    ...(signal.seq ? { seq: signal.seq } : {}),
  };
}

/** Identifies a signal for idempotency: one kind from one observation. */
export function signalKey(signal: Signal): string {
  return `${signal.kind}#${signal.observationId}`;
}

/** Who resolves an incident whose problems all ended (when auto-resolve is on). */
export const AUTO_RESOLVER = 'lookout (auto-resolve)';
const APPLIED_SIGNALS_KEPT = 50;

/**
 * A signal for a target whose incident is already open: it joins the timeline; an alert raises its
 * problem, ENDED and RECOVERED end theirs, and the headline follows the most severe problem still
 * active; RECOVERED resolves it when auto-resolve is on and nothing but warnings is left. Applying a signal the
 * incident has already applied changes nothing and yields the same entries again (for idempotent writes).
 */
export function applySignal(incident: Incident, signal: Signal, autoResolve: boolean): Change {
  const key = signalKey(signal);
  if (incident.appliedSignals.includes(key)) {
    if (incident.openedBy === key) {
      return { incident, entries: [signalEntry(incident.id, signal, 'OPENED')] };
    }
    // Only the RECOVERED that resolved it yields RESOLVED again (older incidents did not record which).
    const resolvedByIt =
      incident.status === 'resolved' &&
      incident.resolvedBy === AUTO_RESOLVER &&
      signal.kind === 'RECOVERED' &&
      (incident.resolvedBySignal === undefined || incident.resolvedBySignal === key);
    return {
      incident,
      entries: signalEntries(incident, signal, resolvedByIt ? incident.resolvedAt : undefined),
    };
  }
  if (incident.status === 'resolved') {
    throw new IncidentTransitionError(`${incident.id} is resolved; a new signal belongs to a new episode`);
  }
  let next: Incident = {
    ...incident,
    updatedAt: maxIso(incident.updatedAt, signal.at),
    appliedSignals: [...incident.appliedSignals, key].slice(-APPLIED_SIGNALS_KEPT),
  };
  const active = isAlertKind(signal.kind)
    ? raise(activeOf(incident), problemOf({ ...signal, kind: signal.kind }))
    : end(activeOf(incident), signal, !incident.active);
  next = withActive(next, active, signal.at);
  if (signal.kind === 'RECOVERED' && typeof signal.facts.clientsRecoverBy === 'string') {
    // For runbooks and the root message: when clients that cached the bad answer are fine again.
    next = {
      ...next,
      facts: {
        ...next.facts,
        clientsRecoverBy: signal.facts.clientsRecoverBy,
        ...(typeof signal.facts.cacheTtl === 'number' ? { cacheTtl: signal.facts.cacheTtl } : {}),
      },
    };
  }
  // Resolved when its last condition ended: a Route 53 recovery stamped before the probe's own, but
  // applied after it, resolves at the probe's time, so RESOLVED never sorts before what it waited for.
  const resolvedAt =
    signal.kind === 'RECOVERED' && autoResolve && !hasCondition(active)
      ? maxIso(incident.updatedAt, signal.at)
      : undefined;
  if (resolvedAt) {
    next = {
      ...resolveIncident(next, AUTO_RESOLVER, resolvedAt, 'recovered', signal.observationId).incident,
      resolvedBySignal: key,
    };
  } else {
    next = { ...next, version: incident.version + 1 };
  }
  return { incident: next, entries: signalEntries(incident, signal, resolvedAt) };
}

function signalEntries(incident: Incident, signal: Signal, resolvedAt: string | undefined): TimelineEntry[] {
  const entries = [signalEntry(incident.id, signal)];
  if (resolvedAt) {
    entries.push(resolvedEntry(incident.id, AUTO_RESOLVER, resolvedAt, 'recovered', signal.observationId));
  }
  return entries;
}

export function acknowledgeIncident(incident: Incident, by: string, at: string): Change {
  if (incident.status !== 'open') {
    throw new IncidentTransitionError(
      `${incident.id} is ${incident.status}; only an open incident can be acknowledged`,
    );
  }
  const entry: TimelineEntry = {
    incidentId: incident.id,
    entryId: entryIdFor(incident.id, 'ACKNOWLEDGED', `${by}@${at}`),
    at,
    kind: 'ACKNOWLEDGED',
    source: by,
    text: `Acknowledged by ${by}`,
  };
  return {
    incident: {
      ...incident,
      status: 'acknowledged',
      acknowledgedAt: at,
      acknowledgedBy: by,
      updatedAt: maxIso(incident.updatedAt, at),
      version: incident.version + 1,
    },
    entries: [entry],
  };
}

export function resolveIncident(
  incident: Incident,
  by: string,
  at: string,
  note?: string,
  origin?: string,
): Change {
  if (incident.status === 'resolved') {
    throw new IncidentTransitionError(
      `${incident.id} is already resolved (${[incident.resolvedAt ? formatTime(incident.resolvedAt) : undefined, incident.resolvedBy ? `by ${incident.resolvedBy}` : undefined].filter(Boolean).join(' ') || 'earlier'})`,
    );
  }
  const entry = resolvedEntry(incident.id, by, at, note, origin);
  return {
    incident: {
      ...incident,
      status: 'resolved',
      // Nothing is watched for this episode any more; the headline keeps saying what it was.
      active: [],
      ...(incident.headline || incident.active ? {} : { headline: activeOf(incident)[0] }),
      resolvedAt: at,
      resolvedBy: by,
      ...(note ? { resolutionNote: note } : {}),
      updatedAt: maxIso(incident.updatedAt, at),
      version: incident.version + 1,
    },
    entries: [entry],
  };
}

function resolvedEntry(
  incidentId: string,
  by: string,
  at: string,
  note?: string,
  origin?: string,
): TimelineEntry {
  return {
    incidentId,
    entryId: entryIdFor(incidentId, 'RESOLVED', origin ?? `${by}@${at}`),
    at,
    kind: 'RESOLVED',
    source: by,
    text: `Resolved by ${by}${note ? `: ${note}` : ''}`,
  };
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}
