import { isEmptyAnswer, isUsable, type Observation, type ResolverOutcome } from '../observation.js';

/**
 * What one observation says once the resolvers have voted. Only resolvers that gave a usable answer
 * (ANSWER, NODATA, NXDOMAIN) vote: a timeout, refusal or SERVFAIL says nothing about the record.
 */
export type Look =
  | { kind: 'present'; values: string[]; count: number; ttl?: number }
  | { kind: 'empty'; rcodes: string[]; negativeTtl?: number; emptyVotes: number; usable: number }
  | { kind: 'unreachable'; failures: string[] };

export function look(observation: Observation): Look {
  const usable = observation.outcomes.filter(isUsable);
  if (usable.length === 0) {
    return { kind: 'unreachable', failures: observation.outcomes.map(describeFailure) };
  }
  const empty = usable.filter(isEmptyAnswer);
  // Strict majority of the resolvers that answered: a split vote is not enough to call it empty.
  if (empty.length * 2 > usable.length) {
    const negativeTtls = empty.flatMap((o) => (o.negativeTtl === undefined ? [] : [o.negativeTtl]));
    return {
      kind: 'empty',
      rcodes: [...new Set(empty.map((o) => o.kind))].sort(),
      ...(negativeTtls.length ? { negativeTtl: Math.max(...negativeTtls) } : {}),
      emptyVotes: empty.length,
      usable: usable.length,
    };
  }
  const answers = usable.filter((o) => o.kind === 'ANSWER');
  const values = [...new Set(answers.flatMap((o) => o.values))].sort();
  const ttls = answers.flatMap((o) => (o.ttl === undefined ? [] : [o.ttl]));
  return {
    kind: 'present',
    values,
    count: Math.max(0, ...answers.map((o) => o.values.length)),
    ...(ttls.length ? { ttl: Math.min(...ttls) } : {}),
  };
}

function describeFailure(outcome: ResolverOutcome): string {
  return `${outcome.resolver} ${outcome.kind}${outcome.detail ? ` (${outcome.detail})` : ''}`;
}

/** The value set as one comparable string (exact mode). */
export function valueKey(values: readonly string[]): string {
  return values.join('\n');
}
