import { isUsable, type Observation, type OutcomeKind } from '../observation.js';

/**
 * Why several targets are unreachable at once: their resolvers answered none of the targets that asked
 * them this round. Such a target joins one incident for the cause instead of opening its own.
 */
export interface ResolverCause {
  /** The cause incident's subject: `resolver/<host:port>`, `resolvers/<a>,<b>` or `resolvers/all`. */
  id: string;
  /** The resolvers that gave no usable answer (every resolver asked this round, for `all`). */
  resolvers: string[];
  /** No resolver answered any target this round: the machine is offline or its DNS path is gone. */
  all: boolean;
  /** How many targets asked them this round, none of them getting a usable answer. */
  targets: number;
  /** What they gave instead (TIMEOUT, UNREACHABLE, SERVFAIL, …), sorted. */
  outcomes: OutcomeKind[];
}

export interface RoundVerdict {
  /** Resolvers asked by at least two targets this round that gave none of them a usable answer. */
  down: ReadonlyMap<string, { targets: number; outcomes: OutcomeKind[] }>;
  /** At least two targets and two resolvers were asked, and no resolver answered any target. */
  allDown: boolean;
  /** Every resolver asked this round, sorted. */
  asked: string[];
  /** Every unusable outcome kind seen this round, sorted. */
  failures: OutcomeKind[];
  targets: number;
}

/**
 * One target alone cannot tell its resolver's outage from its own trouble (a zone the resolver refuses,
 * a broken delegation): a resolver is blamed only when two or more targets asked it and all failed.
 */
const MIN_TARGETS = 2;

/**
 * Pure: which resolvers are down, decided from one round's observations alone (each target asked once).
 * @example const verdict = roundVerdict(observations); const cause = causeOf(observations[0], verdict);
 */
export function roundVerdict(observations: readonly Observation[]): RoundVerdict {
  const seen = new Map<string, { targets: Set<string>; usable: boolean; outcomes: Set<OutcomeKind> }>();
  for (const observation of observations) {
    for (const outcome of observation.outcomes) {
      const r = seen.get(outcome.resolver) ?? { targets: new Set(), usable: false, outcomes: new Set() };
      r.targets.add(observation.targetId);
      if (isUsable(outcome)) r.usable = true;
      else r.outcomes.add(outcome.kind);
      seen.set(outcome.resolver, r);
    }
  }
  const down = new Map<string, { targets: number; outcomes: OutcomeKind[] }>();
  for (const [resolver, r] of seen) {
    if (!r.usable && r.targets.size >= MIN_TARGETS)
      down.set(resolver, { targets: r.targets.size, outcomes: [...r.outcomes].sort() });
  }
  const targets = new Set(observations.map((o) => o.targetId)).size;
  const asked = [...seen.keys()].sort();
  const answered = [...seen.values()].some((r) => r.usable);
  const failures = [...new Set([...seen.values()].flatMap((r) => [...r.outcomes]))].sort();
  return {
    down,
    allDown: !answered && targets >= MIN_TARGETS && asked.length >= 2,
    asked,
    failures,
    targets,
  };
}

/**
 * The cause of one target's unusable look this round, if it is shared: every resolver it asked is down
 * (or none answers anyone). A target that got a usable answer, or whose resolver answered another
 * target, has no cause here and keeps its own incident.
 */
export function causeOf(observation: Observation, verdict: RoundVerdict): ResolverCause | undefined {
  const outcomes = observation.outcomes;
  if (!outcomes.length || outcomes.some(isUsable)) return undefined;
  if (verdict.allDown) {
    return {
      id: 'resolvers/all',
      resolvers: verdict.asked,
      all: true,
      targets: verdict.targets,
      outcomes: verdict.failures,
    };
  }
  const resolvers = [...new Set(outcomes.map((o) => o.resolver))].sort();
  const down = resolvers.map((r) => verdict.down.get(r));
  if (down.some((d) => d === undefined)) return undefined;
  const found = down as { targets: number; outcomes: OutcomeKind[] }[];
  return {
    id: resolvers.length === 1 ? `resolver/${resolvers[0]}` : `resolvers/${resolvers.join(',')}`,
    resolvers,
    all: false,
    targets: Math.max(...found.map((d) => d.targets)),
    outcomes: [...new Set(found.flatMap((d) => d.outcomes))].sort(),
  };
}
