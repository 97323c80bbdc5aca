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
  // Counted in one pass, lists built only for the kind returned: this runs for every target every round.
  const outcomes = observation.outcomes;
  let usable = 0;
  let empty = 0;
  for (const o of outcomes) {
    if (!isUsable(o)) continue;
    usable++;
    if (isEmptyAnswer(o)) empty++;
  }
  if (usable === 0) {
    return { kind: 'unreachable', failures: outcomes.map(describeFailure) };
  }
  // Strict majority of the resolvers that answered: a split vote is not enough to call it empty.
  if (empty * 2 > usable) {
    const rcodes: string[] = [];
    let negativeTtl: number | undefined;
    for (const o of outcomes) {
      if (!isEmptyAnswer(o)) continue;
      if (!rcodes.includes(o.kind)) rcodes.push(o.kind);
      if (o.negativeTtl !== undefined) negativeTtl = Math.max(negativeTtl ?? -Infinity, o.negativeTtl);
    }
    rcodes.sort();
    return negativeTtl === undefined
      ? { kind: 'empty', rcodes, emptyVotes: empty, usable }
      : { kind: 'empty', rcodes, negativeTtl, emptyVotes: empty, usable };
  }
  const values: string[] = [];
  let count = 0;
  let ttl: number | undefined;
  for (const o of outcomes) {
    if (o.kind !== 'ANSWER') continue;
    for (const value of o.values) values.push(value);
    count = Math.max(count, o.values.length);
    if (o.ttl !== undefined) ttl = Math.min(ttl ?? Infinity, o.ttl);
  }
  const distinct = sortedDistinct(values);
  return ttl === undefined
    ? { kind: 'present', values: distinct, count }
    : { kind: 'present', values: distinct, count, ttl };
}

/** `[...new Set(values)].sort()` without the Set: sorts in place, then drops neighbours that repeat. */
function sortedDistinct(values: string[]): string[] {
  values.sort();
  let kept = 0;
  for (let i = 0; i < values.length; i++)
    if (i === 0 || values[i] !== values[kept - 1]) values[kept++] = values[i] as string;
  values.length = kept;
  return values;
}

function describeFailure(outcome: ResolverOutcome): string {
  return `${outcome.resolver} ${outcome.kind}${outcome.detail ? ` (${outcome.detail})` : ''}`;
}

/** The value set as one comparable string (exact mode). */
export function valueKey(values: readonly string[]): string {
  return values.join('\n');
}
