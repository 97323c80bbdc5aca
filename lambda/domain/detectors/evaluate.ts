import type { Observation } from '../observation.js';
import type { DetectionConfig } from '../settings.js';
import type { Signal } from '../signals.js';
import type { Target } from '../targets.js';
import { detectChanged } from './changed.js';
import type { Detector, DetectorContext } from './context.js';
import { detectDegraded } from './degraded.js';
import { detectEmpty } from './empty.js';
import { detectFlapping } from './flapping.js';
import { type Look, look as lookAt, valueKey } from './look.js';
import { detectEnded } from './recovered.js';
import { median, type TargetState, UNHEALTHY } from './target-state.js';
import { detectUnreachable } from './unreachable.js';

/** Order matters only for the timeline: a change is told before the alert it causes. */
const DETECTORS: readonly Detector[] = [
  detectChanged,
  detectEmpty,
  detectDegraded,
  detectUnreachable,
  detectFlapping,
  detectEnded,
];

/** Keep only the tail of the distinct value sets: enough to see A→B→A. */
const VALUE_HISTORY = 4;
/** Transitions kept with their answers, to say what a FLAPPING target flapped between. */
const MAX_FLIPS = 8;
/** A learned baseline needs this many healthy looks before DEGRADED can fire. */
const MIN_BASELINE_SAMPLES = 3;

export interface Evaluation {
  signals: Signal[];
  next: TargetState;
  /** The observation was already applied (or is older than the last one): nothing changed. */
  duplicate: boolean;
}

/**
 * Pure: (state, observation, config) → signals and the next state. Re-evaluating an observation that
 * was already applied returns the state unchanged and no signals.
 */
export function evaluate(
  prev: TargetState,
  observation: Observation,
  target: Target,
  config: DetectionConfig,
): Evaluation {
  if (
    prev.lastObservationId === observation.id ||
    (prev.lastObservedAt !== undefined && observation.observedAt <= prev.lastObservedAt)
  ) {
    return { signals: [], next: prev, duplicate: true };
  }
  const look = lookAt(observation);
  const baseline = baselineOf(prev, target);
  const next = bookkeep(prev, observation, look, target, config, baseline);
  const ctx: DetectorContext = { target, config, observation, look, prev, next, baseline };
  // Loops, not flatMap, here and in cacheTtlOf: flatMap costs ~1 µs a call, per target per round.
  const signals: Signal[] = [];
  for (const detect of DETECTORS) {
    const signal = detect(ctx);
    if (signal) signals.push(signal);
  }
  return { signals, next: applyProblems(next, signals), duplicate: false };
}

function baselineOf(state: TargetState, target: Target): number | undefined {
  if (target.baselineCount !== undefined) return target.baselineCount;
  return state.healthyCounts.length >= MIN_BASELINE_SAMPLES ? median(state.healthyCounts) : undefined;
}

type StreakKind = NonNullable<TargetState['streak']>['kind'];

function streakKind(look: Look, baseline: number | undefined, config: DetectionConfig): StreakKind {
  if (look.kind !== 'present') return look.kind;
  return baseline !== undefined && look.count < config.degradedFraction * baseline ? 'degraded' : 'present';
}

function bookkeep(
  prev: TargetState,
  observation: Observation,
  look: Look,
  target: Target,
  config: DetectionConfig,
  baseline: number | undefined,
): TargetState {
  const at = observation.observedAt;
  const kind = streakKind(look, baseline, config);
  // Parsing and printing the window's start costs more than the rest of a steady look: only when needed.
  const windowStart =
    prev.transitions.length || prev.flips?.length
      ? new Date(Date.parse(at) - config.flapWindowSeconds * 1000).toISOString()
      : '';
  let transitions = prev.transitions.length ? prev.transitions.filter((t) => t > windowStart) : [];
  let flips = prev.flips?.length ? prev.flips.filter((f) => f.at > windowStart) : [];
  let { lastPresence, lastValues, valueHistory } = prev;
  let transitioned = false;
  let lastSeenShape = prev.lastShape;

  // An empty answer before the target has ever answered is "not there yet" (EMPTY ignores it for the
  // same reason): remembering it would count the record's creation as a transition, so a record
  // created after the first probe and then emptied once and restored would read as FLAPPING — and
  // whether it did would depend on whether the probe happened to look before the create.
  const expected = prev.everPresent || (target.baselineCount ?? 0) > 0;
  if (look.kind === 'present' || (look.kind === 'empty' && expected)) {
    const presence = look.kind === 'present' ? 'present' : 'empty';
    const values = look.kind === 'present' ? look.values : [];
    const shape = shapeOf(target, kind, values);
    const before = lastShape(prev, target);
    if (before !== undefined && before !== shape) {
      transitions = [...transitions, at];
      flips = [...flips, { at, to: answerLabel(target, kind, look) }].slice(-MAX_FLIPS);
      transitioned = true;
    }
    if (target.mode === 'exact' && valueHistory.at(-1) !== shape) {
      valueHistory = [...valueHistory, shape].slice(-VALUE_HISTORY);
    }
    lastPresence = presence;
    lastValues = values;
    lastSeenShape = shape;
  }

  // A transition restarts the streak even within one kind (exact mode: a new value set), so
  // "M healthy probes in a row" means M probes of a settled answer.
  const ttl = cacheTtlOf(observation, look);
  let streak: NonNullable<TargetState['streak']>;
  if (prev.streak?.kind === kind && !transitioned) {
    streak = { ...prev.streak };
    streak.count = prev.streak.count + 1;
    const longestTtl = longest(prev.streak.ttl, ttl);
    if (longestTtl !== undefined) streak.ttl = longestTtl;
  } else {
    streak = { kind, count: 1, since: at };
    if (ttl !== undefined) streak.ttl = ttl;
  }

  const healthyCounts =
    kind === 'present' && look.kind === 'present'
      ? [...prev.healthyCounts, look.count].slice(-config.baselineSamples)
      : prev.healthyCounts;

  // While a problem lasts, every look that still shows it may have been cached by some client.
  const problem =
    prev.problem && PROBLEM_STREAK[prev.problem.kind] === kind
      ? { ...prev.problem, ...only('cacheTtl', longest(prev.problem.cacheTtl, ttl)) }
      : prev.problem;

  const flapping = prev.flapping && {
    ...prev.flapping,
    ...only('cacheTtl', longest(prev.flapping.cacheTtl, ttl)),
  };

  // A copy, then assignments in the order the keys were always written: the same object as
  // `{ ...prev, lastObservationId, ..., ...(problem ? { problem } : {}) }`, which V8 (Node 20) builds a
  // key at a time on a slow path (most of a steady look's cost, every target every round).
  const next: TargetState = { ...prev };
  next.lastObservationId = observation.id;
  next.lastObservedAt = at;
  next.lastOutcomes = observation.outcomes;
  next.streak = streak;
  next.transitions = transitions;
  next.flips = flips;
  next.healthyCounts = healthyCounts;
  next.everPresent = prev.everPresent || look.kind === 'present';
  next.valueHistory = valueHistory;
  next.pendingSignals = [];
  if (problem) next.problem = problem;
  if (flapping) next.flapping = flapping;
  if (lastPresence) next.lastPresence = lastPresence;
  if (lastSeenShape !== undefined) next.lastShape = lastSeenShape;
  if (lastValues) next.lastValues = lastValues;
  return next;
}

/** Which streak shows each problem (UNREACHABLE answers are never cached: nothing to count). */
const PROBLEM_STREAK: Record<NonNullable<TargetState['problem']>['kind'], StreakKind | undefined> = {
  EMPTY: 'empty',
  DEGRADED: 'degraded',
  UNREACHABLE: undefined,
  CONCURRENT_WRITERS: undefined,
  STALE_OVERWRITE: undefined,
  MISCONFIGURED: undefined,
  HEALTH_EVENT: undefined,
  TRIGGERED: undefined,
  DECLARED: undefined,
};

/**
 * What counts as "the answer" for transitions. Exact mode: the value set while healthy, one UNHEALTHY
 * mark for a whole empty or degraded episode (so an outage and its repair are two transitions, never an
 * oscillation); pool mode: presence only (a rotating pool changes values on every answer).
 */
function shapeOf(target: Target, kind: StreakKind, values: readonly string[]): string {
  if (kind !== 'present') return UNHEALTHY;
  return target.mode === 'pool' ? 'present' : valueKey(values);
}

/** The previous shape; states saved before shapes existed are read from what they kept. */
function lastShape(prev: TargetState, target: Target): string | undefined {
  if (prev.lastShape !== undefined) return prev.lastShape;
  if (target.mode === 'pool') return prev.lastPresence === 'empty' ? UNHEALTHY : prev.lastPresence;
  const last = prev.valueHistory.at(-1);
  return last === '' ? UNHEALTHY : last;
}

function answerLabel(target: Target, kind: StreakKind, look: Look): string {
  if (look.kind !== 'present') return 'no records';
  const what =
    target.mode === 'pool'
      ? `${look.count} record${look.count === 1 ? '' : 's'}`
      : look.values.join(', ') || 'no records';
  return kind === 'degraded' ? `${what} (fewer than usual)` : what;
}

/** The longest time a cache may keep this answer: the TTL of answers, the negative TTL of empty ones. */
function cacheTtlOf(observation: Observation, look: Look): number | undefined {
  if (look.kind === 'unreachable') return undefined;
  let longestTtl: number | undefined;
  for (const o of observation.outcomes) {
    const ttl = look.kind === 'empty' ? o.negativeTtl : o.kind === 'ANSWER' ? o.ttl : undefined;
    if (ttl !== undefined) longestTtl = Math.max(longestTtl ?? -Infinity, ttl);
  }
  return longestTtl;
}

function longest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** `{ [key]: value }`, or nothing when there is no value (optional fields stay absent, never undefined). */
function only<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

function applyProblems(state: TargetState, signals: readonly Signal[]): TargetState {
  let next = state;
  for (const signal of signals) {
    const since = typeof signal.facts.since === 'string' ? signal.facts.since : signal.at;
    if (signal.kind === 'EMPTY' || signal.kind === 'DEGRADED' || signal.kind === 'UNREACHABLE') {
      // The looks of the streak that raised it were served (and may be cached) too.
      // A condition it replaces (EMPTY that came back short) was served and cached too: keep its TTL.
      const replaced = next.problem;
      const ttl = longest(signal.kind === 'UNREACHABLE' ? undefined : state.streak?.ttl, replaced?.cacheTtl);
      const cachedEmpty = signal.kind !== 'EMPTY' && (replaced?.kind === 'EMPTY' || replaced?.cachedEmpty);
      next = {
        ...next,
        problem: {
          kind: signal.kind,
          since,
          ...only('cacheTtl', ttl),
          ...(cachedEmpty ? { cachedEmpty: true } : {}),
        },
      };
    } else if (signal.kind === 'FLAPPING') {
      next = { ...next, flapping: { since } };
    } else if (signal.kind === 'ENDED') {
      const { problem, flapping, ...rest } = next;
      next =
        signal.facts.ended === 'FLAPPING'
          ? { ...rest, ...(problem ? { problem } : {}) }
          : { ...rest, ...(flapping ? { flapping } : {}) };
    } else if (signal.kind === 'RECOVERED') {
      const { problem: _p, flapping: _f, ...rest } = next;
      next = rest;
    }
  }
  const withPending = { ...next };
  withPending.pendingSignals = [...signals];
  return withPending;
}
