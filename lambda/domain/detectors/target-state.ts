import type { AlertKind, Signal } from '../signals.js';

/** Everything the detectors remember about one target between observations. */
export interface TargetState {
  targetId: string;
  /** Optimistic-concurrency version of the stored item (0 = never stored). */
  version: number;
  lastObservationId?: string;
  lastObservedAt?: string;
  /** Streaks of consecutive looks of one kind; any other kind resets them. */
  streak: { kind: 'present' | 'degraded' | 'empty' | 'unreachable'; count: number; since: string } | null;
  /** The condition currently alerted on (after its streak threshold); cleared by RECOVERED. */
  problem?: { kind: Exclude<AlertKind, 'FLAPPING'>; since: string };
  flapping?: { since: string };
  /** Answer counts of recent healthy looks; the learned baseline is their median. */
  healthyCounts: number[];
  /** Ever answered with records: EMPTY needs a non-empty baseline. */
  everPresent: boolean;
  /** Last non-unreachable presence (pool-mode transitions). */
  lastPresence?: 'present' | 'empty';
  /** Last value set seen (exact mode), and the distinct sets before it, newest last. */
  lastValues?: string[];
  valueHistory: string[];
  /** ISO times of transitions still inside the flap window. */
  transitions: string[];
  /**
   * Signals computed from the last observation and not yet fully applied to incidents. Stored in the
   * same conditional write as the state, so a crash between detection and incident writes is healed
   * by re-running the (idempotent) incident writes — no transaction needed.
   */
  pendingSignals: Signal[];
}

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
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
