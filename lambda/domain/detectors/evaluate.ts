import type { DetectionConfig } from '../../config/config-schema.js';
import type { Observation } from '../observation.js';
import type { Signal } from '../signals.js';
import type { Target } from '../targets.js';
import { detectChanged } from './changed.js';
import type { Detector, DetectorContext } from './context.js';
import { detectDegraded } from './degraded.js';
import { detectEmpty } from './empty.js';
import { detectFlapping } from './flapping.js';
import { type Look, look as lookAt, valueKey } from './look.js';
import { detectRecovered } from './recovered.js';
import { median, type TargetState } from './target-state.js';
import { detectUnreachable } from './unreachable.js';

/** Order matters only for the timeline: a change is told before the alert it causes. */
const DETECTORS: readonly Detector[] = [
  detectChanged,
  detectEmpty,
  detectDegraded,
  detectUnreachable,
  detectFlapping,
  detectRecovered,
];

/** Keep only the tail of the distinct value sets: enough to see A→B→A. */
const VALUE_HISTORY = 4;
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
  const signals = DETECTORS.flatMap((detect) => detect(ctx) ?? []);
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
  const windowStart = new Date(Date.parse(at) - config.flapWindowSeconds * 1000).toISOString();
  let transitions = prev.transitions.filter((t) => t > windowStart);
  let { lastPresence, lastValues, valueHistory } = prev;
  let transitioned = false;

  // An empty answer before the target has ever answered is "not there yet" (EMPTY ignores it for the
  // same reason): remembering it would count the record's creation as a transition, so a record
  // created after the first probe and then emptied once and restored would read as FLAPPING — and
  // whether it did would depend on whether the probe happened to look before the create.
  const expected = prev.everPresent || (target.baselineCount ?? 0) > 0;
  if (look.kind === 'present' || (look.kind === 'empty' && expected)) {
    const presence = look.kind === 'present' ? 'present' : 'empty';
    const values = look.kind === 'present' ? look.values : [];
    const changed =
      target.mode === 'exact'
        ? lastValues !== undefined && valueKey(lastValues) !== valueKey(values)
        : lastPresence !== undefined && lastPresence !== presence;
    if (changed) {
      transitions = [...transitions, at];
      transitioned = true;
    }
    if (target.mode === 'exact' && valueHistory.at(-1) !== valueKey(values)) {
      valueHistory = [...valueHistory, valueKey(values)].slice(-VALUE_HISTORY);
    }
    lastPresence = presence;
    lastValues = values;
  }

  // A transition restarts the streak even within one kind (exact mode: a new value set), so
  // "M healthy probes in a row" means M probes of a settled answer.
  const streak: TargetState['streak'] =
    prev.streak?.kind === kind && !transitioned
      ? { ...prev.streak, count: prev.streak.count + 1 }
      : { kind, count: 1, since: at };

  const healthyCounts =
    kind === 'present' && look.kind === 'present'
      ? [...prev.healthyCounts, look.count].slice(-config.baselineSamples)
      : prev.healthyCounts;

  return {
    ...prev,
    lastObservationId: observation.id,
    lastObservedAt: at,
    streak,
    transitions,
    healthyCounts,
    everPresent: prev.everPresent || look.kind === 'present',
    valueHistory,
    pendingSignals: [],
    ...(lastPresence ? { lastPresence } : {}),
    ...(lastValues ? { lastValues } : {}),
  };
}

function applyProblems(state: TargetState, signals: readonly Signal[]): TargetState {
  let next = state;
  for (const signal of signals) {
    const since = typeof signal.facts.since === 'string' ? signal.facts.since : signal.at;
    if (signal.kind === 'EMPTY' || signal.kind === 'DEGRADED' || signal.kind === 'UNREACHABLE') {
      next = { ...next, problem: { kind: signal.kind, since } };
    } else if (signal.kind === 'FLAPPING') {
      next = { ...next, flapping: { since } };
    } else if (signal.kind === 'RECOVERED') {
      const { problem: _p, flapping: _f, ...rest } = next;
      next = rest;
    }
  }
  return { ...next, pendingSignals: [...signals] };
}
