import type { ResolverCause } from '../causes/round-verdict.js';
import type { AffectedTarget, Incident, IncidentCause, TimelineEntry } from '../incident.js';
import type { Signal } from '../signals.js';
import type { IncidentSubject } from '../targets.js';
import { problemOf, withActive } from './headline.js';
import { entryIdFor, incidentIdFor } from './ids.js';
import { AUTO_RESOLVER, type Change, resolveIncident, signalKey } from './lifecycle.js';

/**
 * One incident for one shared cause (resolvers that stopped answering), not one per target: targets
 * join it when they become UNREACHABLE for that cause and leave it when they answer again (or their
 * trouble becomes their own). It opens with one entry and recovers with one; joining and leaving
 * change its list of affected targets in place.
 */

const APPLIED_SIGNALS_KEPT = 50;

/** `127.0.0.1:15353`, `10.0.0.1:53 and 10.0.0.2:53`; for no resolver at all, `Resolvers`. */
export function causeWho(cause: Pick<IncidentCause, 'resolvers' | 'all'>): string {
  if (cause.all) return 'Resolvers';
  const { resolvers } = cause;
  return resolvers.length <= 1
    ? (resolvers[0] ?? 'Resolvers')
    : `${resolvers.slice(0, -1).join(', ')} and ${resolvers.at(-1)}`;
}

/** The cause as the subject of an incident (its id is the open-incident claim's key). */
export function causeSubject(cause: ResolverCause, channel?: string): IncidentSubject {
  return { id: cause.id, name: causeWho(cause), type: 'resolver', ...(channel ? { channel } : {}) };
}

export function causeTitle(cause: Pick<IncidentCause, 'resolvers' | 'all'>): string {
  return cause.all ? 'UNREACHABLE: no resolver answers' : `UNREACHABLE: ${causeWho(cause)} stopped answering`;
}

export function currentlyAffected(cause: IncidentCause): AffectedTarget[] {
  return cause.affected.filter((a) => a.left === undefined);
}

type CauseSignal = Signal & { kind: 'UNREACHABLE'; cause: ResolverCause };

/** Opens the cause's incident with the first target that joins it: the incident and its OPENED entry. */
export function openCauseIncident(signal: CauseSignal, channel?: string): Change {
  const { cause } = signal;
  const id = incidentIdFor(cause.id, signal.observationId, signal.at);
  const problem = problemOf(signal);
  const key = signalKey(signal);
  const incident: Incident = {
    id,
    targetId: cause.id,
    kind: 'UNREACHABLE',
    headlineKind: 'UNREACHABLE',
    active: [problem],
    headline: problem,
    status: 'open',
    title: causeTitle(cause),
    openedAt: signal.at,
    updatedAt: signal.at,
    facts: { ...signal.facts, resolvers: cause.resolvers.join(', '), incidentId: id, kind: 'UNREACHABLE' },
    appliedSignals: [key],
    openedBy: key,
    version: 1,
    cause: {
      resolvers: cause.resolvers,
      all: cause.all,
      affected: [{ targetId: signal.targetId, since: problem.since }],
    },
    ...(channel ? { channel } : {}),
  };
  const entry: TimelineEntry = {
    incidentId: id,
    entryId: entryIdFor(id, 'OPENED', signal.observationId),
    at: signal.at,
    kind: 'OPENED',
    source: signal.source ?? 'dns-probe',
    text: openedText(cause),
    evidence: signal.evidence,
  };
  return { incident, entries: [entry] };
}

function openedText(cause: ResolverCause): string {
  const targets = `${cause.targets} target${cause.targets === 1 ? '' : 's'}`;
  const gave = cause.outcomes.length ? ` (${cause.outcomes.join(', ')})` : '';
  const notEmpty = 'this is not evidence that any record is empty';
  if (cause.all) {
    return `No resolver answers: none of the ${cause.resolvers.length} resolvers asked (${cause.resolvers.join(', ')}) gave any of the ${targets} a usable answer${gave} — this machine may be offline or its DNS path broken; ${notEmpty}`;
  }
  const it = cause.resolvers.length === 1 ? 'it' : 'them';
  // Other resolvers may still answer those targets: say what these gave them, not what the targets got.
  return `${causeWho(cause)} stopped answering: ${it === 'it' ? 'it gave' : 'they gave'} none of the ${targets} asking ${it} a usable answer${gave} — ${notEmpty}`;
}

/** The incident with the signal's target among those affected; undefined when nothing changes. */
export function joinCause(incident: Incident, signal: Signal): Incident | undefined {
  const key = signalKey(signal);
  if (!incident.cause || incident.status === 'resolved' || incident.appliedSignals.includes(key)) return;
  const { affected } = incident.cause;
  if (affected.some((a) => a.targetId === signal.targetId && a.left === undefined)) return;
  const since = typeof signal.facts.since === 'string' ? signal.facts.since : signal.at;
  return {
    ...incident,
    cause: {
      ...incident.cause,
      affected: [
        ...affected.filter((a) => a.targetId !== signal.targetId),
        { targetId: signal.targetId, since },
      ],
    },
    appliedSignals: [...incident.appliedSignals, key].slice(-APPLIED_SIGNALS_KEPT),
    updatedAt: maxIso(incident.updatedAt, signal.at),
    version: incident.version + 1,
  };
}

/**
 * The incident without the signal's target; undefined when it was not affected. When the last affected
 * target leaves, the cause is over: a RECOVERED entry, and the incident resolves if auto-resolve is on.
 */
export function leaveCause(incident: Incident, signal: Signal, autoResolve: boolean): Change | undefined {
  if (!incident.cause || incident.status === 'resolved') return;
  const member = incident.cause.affected.find((a) => a.targetId === signal.targetId && a.left === undefined);
  if (!member) return;
  const affected = incident.cause.affected.map((a) => (a === member ? { ...a, left: signal.at } : a));
  let next: Incident = {
    ...incident,
    cause: { ...incident.cause, affected },
    appliedSignals: [...incident.appliedSignals, signalKey(signal)].slice(-APPLIED_SIGNALS_KEPT),
    updatedAt: maxIso(incident.updatedAt, signal.at),
  };
  if (affected.some((a) => a.left === undefined)) {
    return { incident: { ...next, version: incident.version + 1 }, entries: [] };
  }
  const recovered: TimelineEntry = {
    incidentId: incident.id,
    entryId: entryIdFor(incident.id, 'RECOVERED', signal.observationId),
    at: signal.at,
    kind: 'RECOVERED',
    source: signal.source ?? 'dns-probe',
    text: recoveredText(next.cause as IncidentCause, signal),
    evidence: signal.evidence,
  };
  next = withActive(next, [], signal.at);
  if (!autoResolve) return { incident: { ...next, version: incident.version + 1 }, entries: [recovered] };
  const resolved = resolveIncident(next, AUTO_RESOLVER, signal.at, 'recovered', signal.observationId);
  return { incident: resolved.incident, entries: [recovered, ...resolved.entries] };
}

function recoveredText(cause: IncidentCause, last: Signal): string {
  const total = cause.affected.length;
  const targets = total === 1 ? 'the affected target is' : `none of the ${total} affected targets is`;
  const label =
    typeof last.facts.name === 'string' && typeof last.facts.type === 'string'
      ? `${last.facts.name} ${last.facts.type}`
      : last.targetId;
  const how =
    last.kind === 'RECOVERED' || last.kind === 'ENDED'
      ? 'recovered'
      : last.kind === 'UNREACHABLE'
        ? 'is still UNREACHABLE on its own and has an incident of its own'
        : `is ${last.kind} and has an incident of its own`;
  const verb = cause.all ? 'answer' : 'answers';
  const it = cause.all || cause.resolvers.length > 1 ? 'them' : 'it';
  return `${causeWho(cause)} ${verb} again: ${targets} waiting on ${it} any more (the last, ${label}, ${how})`;
}

/**
 * An outbox-only item (never in the timeline) that has the Slack root re-rendered: a target joined or
 * left, and the root lists the affected targets. Keyed by the signal, so re-applying it queues nothing new.
 */
export function affectedEntry(incident: Incident, signal: Signal, joined: boolean): TimelineEntry {
  const now = incident.cause ? currentlyAffected(incident.cause).length : 0;
  return {
    incidentId: incident.id,
    entryId: entryIdFor(incident.id, 'AFFECTED', signalKey(signal)),
    at: signal.at,
    kind: 'AFFECTED',
    source: signal.source ?? 'dns-probe',
    text: `${signal.targetId} ${joined ? 'joined' : 'left'}: ${now} target${now === 1 ? '' : 's'} affected`,
  };
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}
