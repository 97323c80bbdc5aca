import type { ResolverOutcome } from '../observation.js';
import type { AlertKind, Signal } from '../signals.js';

/** Everything the detectors remember about one target between observations. */
export interface TargetState {
  targetId: string;
  /** Optimistic-concurrency version of the stored item (0 = never stored). */
  version: number;
  lastObservationId?: string;
  lastObservedAt?: string;
  /** What each resolver said on the last observation (for `lookout status` when no start is running). */
  lastOutcomes?: ResolverOutcome[];
  /** Streaks of consecutive looks of one kind; any other kind resets them. */
  /** `ttl`: the longest cache TTL among the streak's answers (negative TTL for empty ones). */
  streak: {
    kind: 'present' | 'degraded' | 'empty' | 'unreachable';
    count: number;
    since: string;
    ttl?: number;
  } | null;
  /**
   * The condition currently alerted on (after its streak threshold); it ends after M healthy probes in a
   * row (ENDED, or RECOVERED when nothing else is wrong) or when another condition replaces it.
   * `cacheTtl` is the longest TTL of the problem's answers seen (the negative TTL of an empty answer, the
   * TTL of a short one): how long a client that cached it may keep it after the fix.
   */
  problem?: {
    kind: Exclude<AlertKind, 'FLAPPING'>;
    since: string;
    cacheTtl?: number;
    /** Some of the cached answers were empty (the problem it replaced was EMPTY): say so on recovery. */
    cachedEmpty?: boolean;
    /** An UNREACHABLE attached to a cause incident (its subject id) rather than the target's own. */
    cause?: string;
  };
  /** `cacheTtl`: the longest TTL of any answer seen while it flapped. */
  flapping?: { since: string; cacheTtl?: number };
  /** Answer counts of recent healthy looks; the learned baseline is their median. */
  healthyCounts: number[];
  /** Ever answered with records: EMPTY needs a non-empty baseline. */
  everPresent: boolean;
  /** What the last counted answer was for transitions (see shapeOf in evaluate.ts). */
  lastShape?: string;
  /** Last non-unreachable presence. */
  lastPresence?: 'present' | 'empty';
  /** Last value set seen (exact mode), and the distinct sets before it, newest last. */
  lastValues?: string[];
  /**
   * Distinct answers, newest last: a value set, or UNHEALTHY for a whole empty or degraded episode, so
   * an outage and its repair (A → UNHEALTHY → A) is never mistaken for an A → B → A oscillation.
   */
  valueHistory: string[];
  /** ISO times of transitions still inside the flap window. */
  transitions: string[];
  /** The same transitions with what the answer became, for telling a person what it flapped between. */
  flips?: Flip[];
  /**
   * Signals computed from the last observation and not yet fully applied to incidents. Stored in the
   * same conditional write as the state, so a crash between detection and incident writes is healed
   * by re-running the (idempotent) incident writes — no transaction needed.
   */
  pendingSignals: Signal[];
}

/** One transition: when, and what the answer became (`no records`, the values, `degraded: …`). */
export interface Flip {
  at: string;
  to: string;
}

/** The valueHistory entry standing for a whole empty or degraded episode. */
export const UNHEALTHY = '\u0000unhealthy';

export function initialTargetState(targetId: string): TargetState {
  return {
    targetId,
    version: 0,
    streak: null,
    healthyCounts: [],
    everPresent: false,
    valueHistory: [],
    transitions: [],
    pendingSignals: [],
  };
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  // A steady target's counts are all alike: no copy and sort for that (every target, every look).
  if (values.every((value) => value === values[0])) return values[0];
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
