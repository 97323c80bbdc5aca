import type { Incident, Problem, ProblemFamily } from '../incident.js';
import type { AlertKind, Signal, SignalSource } from '../signals.js';

/**
 * Most severe first. An empty answer seen by resolvers is what clients get; Route 53 holding nothing is
 * the same outage before a resolver confirms it; a failing resolver path hides the record; a short or
 * changing answer still works for some clients; the rest are warnings about how Route 53 is written.
 */
const SEVERITY: readonly AlertKind[] = [
  'EMPTY',
  'UNREACHABLE',
  'DEGRADED',
  'FLAPPING',
  'TRIGGERED',
  'DECLARED',
  'HEALTH_EVENT',
  'MISCONFIGURED',
  'STALE_OVERWRITE',
  'CONCURRENT_WRITERS',
];

/** Events rather than conditions: they happened, nothing ends them but a person or the recovery. */
const WARNINGS: readonly AlertKind[] = ['CONCURRENT_WRITERS', 'STALE_OVERWRITE'];

export function familyOf(source: SignalSource | undefined): ProblemFamily {
  if (source === 'aws-health') return 'aws-health';
  if (source === 'trigger') return 'trigger';
  return source === undefined || source === 'dns-probe' ? 'dns-probe' : 'route53';
}

/** One slot per family: a target has one condition at a time (EMPTY, DEGRADED or UNREACHABLE). */
function slotOf(kind: AlertKind): string {
  return kind === 'EMPTY' || kind === 'DEGRADED' || kind === 'UNREACHABLE' ? 'condition' : kind;
}

function sameSlot(a: Problem, b: Pick<Problem, 'kind' | 'family'>): boolean {
  return a.family === b.family && slotOf(a.kind) === slotOf(b.kind);
}

export function problemOf(signal: Signal & { kind: AlertKind }): Problem {
  const since = typeof signal.facts.since === 'string' ? signal.facts.since : signal.at;
  return {
    kind: signal.kind,
    family: familyOf(signal.source),
    source: signal.source ?? 'dns-probe',
    since,
    facts: signal.facts,
  };
}

/** The active problems of an incident; one stored before they were tracked has its headline kind. */
export function activeOf(incident: Incident): Problem[] {
  if (incident.active) return incident.active;
  if (incident.status === 'resolved') return [];
  return [
    {
      kind: incident.headlineKind,
      family: 'legacy',
      source: 'dns-probe',
      since: incident.openedAt,
      facts: incident.facts,
    },
  ];
}

/** A new alert takes its slot (EMPTY replacing DEGRADED of the same family), keeping its first `since`. */
export function raise(active: readonly Problem[], problem: Problem): Problem[] {
  const same = active.find((p) => sameSlot(p, problem));
  const kept =
    same?.kind === problem.kind ? { ...problem, since: earlier(same.since, problem.since) } : problem;
  return [...active.filter((p) => !sameSlot(p, problem)), kept];
}

/**
 * What a RECOVERED or ENDED signal ends. ENDED names the one kind; RECOVERED ends every condition of
 * its family (the warnings stay: they are evidence of how the outage began). A legacy incident's single
 * problem has no known family, so any recovery ends it.
 */
export function end(active: readonly Problem[], signal: Signal, legacy: boolean): Problem[] {
  const family = familyOf(signal.source);
  if (signal.kind === 'ENDED') {
    return active.filter((p) => !(p.family === family && p.kind === signal.facts.ended));
  }
  if (signal.kind !== 'RECOVERED') return [...active];
  return active.filter(
    (p) => WARNINGS.includes(p.kind) || (!legacy && p.family !== family && p.family !== 'legacy'),
  );
}

/** True when something other than a warning is still going on. */
export function hasCondition(active: readonly Problem[]): boolean {
  return active.some((p) => !WARNINGS.includes(p.kind));
}

/** The most severe active problem; what clients see wins a tie with what Route 53 holds. */
export function mostSevere(active: readonly Problem[]): Problem | undefined {
  return [...active].sort(
    (a, b) =>
      SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind) ||
      (a.family === 'dns-probe' ? 0 : 1) - (b.family === 'dns-probe' ? 0 : 1),
  )[0];
}

/**
 * The incident with `active` set and its headline following it: the most severe condition still active;
 * once none is, the worst condition the episode had, marked ended at `at` (warnings never outrank what
 * they led to); an incident of warnings alone shows its most severe warning.
 */
export function withActive(incident: Incident, active: Problem[], at: string): Incident {
  const conditions = active.filter((p) => !WARNINGS.includes(p.kind));
  const previousWorst =
    incident.worst ??
    (incident.headline && !WARNINGS.includes(incident.headline.kind) ? incident.headline : undefined);
  // Stable sort: an earlier worst keeps its place against a later one of the same severity.
  const worst = mostSevere([...(previousWorst ? [previousWorst] : []), ...conditions]);
  const base = { ...incident, active, ...(worst ? { worst: withoutEnd(worst) } : {}) };
  const top = mostSevere(conditions);
  if (top) return { ...base, headlineKind: top.kind, headline: top };
  if (worst) {
    const endedAt = incident.headline?.endedAt ?? at;
    return { ...base, headlineKind: worst.kind, headline: { ...withoutEnd(worst), endedAt } };
  }
  const warning = mostSevere(active);
  if (warning) return { ...base, headlineKind: warning.kind, headline: warning };
  const last: (Problem & { endedAt?: string }) | undefined = incident.headline ?? activeOf(incident)[0];
  return last ? { ...base, headline: { ...last, endedAt: last.endedAt ?? at } } : base;
}

function withoutEnd(problem: Problem & { endedAt?: string }): Problem {
  const { endedAt: _ended, ...rest } = problem;
  return rest;
}

/** When the headline's problem began (the incident's opening for one stored before this was tracked). */
export function headlineSince(incident: Incident): string {
  return incident.headline?.since ?? incident.openedAt;
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}
