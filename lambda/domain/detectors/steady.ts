import type { DetectionConfig } from '../settings.js';
import type { Signal } from '../signals.js';
import { valueKey } from './look.js';
import type { TargetState } from './target-state.js';

/**
 * True when an observation only confirmed a healthy, settled target: no signal, no problem, no
 * transition in the window, the same answer as before, and every threshold long since passed. Saving
 * such a state changes nothing any detector will decide on, so the caller may skip the write for a
 * while (it still writes periodically so a restart resumes from fresh history).
 */
export function isSteady(
  prev: TargetState,
  next: TargetState,
  signals: readonly Signal[],
  config: DetectionConfig,
): boolean {
  if (
    signals.length ||
    prev.pendingSignals.length ||
    next.problem ||
    next.flapping ||
    next.transitions.length
  )
    return false;
  if (prev.streak?.kind !== 'present' || next.streak?.kind !== 'present') return false;
  if (
    next.streak.count <=
    Math.max(config.recoverAfterProbes, config.emptyAfterProbes, config.unreachableAfterProbes)
  )
    return false;
  return valueKey(prev.lastValues ?? []) === valueKey(next.lastValues ?? []) && prev.everPresent;
}
