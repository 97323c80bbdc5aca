import type { RaceConfig } from '../settings.js';
import type { Signal } from '../signals.js';
import type { ControlPlaneChange } from './control-plane-change.js';
import { markApplied, type RecordSetHistory, withVersion } from './history.js';
import { detectConcurrentWriters } from './race/concurrent-writers.js';
import { type RaceDetector, raceContext } from './race/context.js';
import { detectRecordChanged } from './race/record-changed.js';
import { detectStaleOverwrite } from './race/stale-overwrite.js';

export type { RaceConfig } from '../settings.js';

export const raceDefaults: RaceConfig = {
  windowSeconds: 600,
  ownPrincipals: [],
  ownCommentPrefix: 'lookout-restore',
};

/** Order matters only for the timeline: the change is told before the alerts it raises. */
const DETECTORS: readonly RaceDetector[] = [
  detectRecordChanged,
  detectConcurrentWriters,
  detectStaleOverwrite,
];

/**
 * One change's identity across sources: CloudTrail (`<eventID>#<i>`) and Change History
 * (`<changeId>#<i>`) both know Route 53's change id and the position in the batch, so the same change
 * read from both is applied once.
 */
export function changeKey(change: ControlPlaneChange): string {
  return change.changeId ? `${change.changeId}#${change.id.split('#').at(-1)}` : change.id;
}

export interface ChangeEvaluation {
  history: RecordSetHistory;
  signals: Signal[];
  duplicate: boolean;
}

/**
 * Applies one control-plane change to a record set's history and reads the race signature from it:
 * CONCURRENT_WRITERS when ≥ 2 distinct writers changed it within the window, STALE_OVERWRITE when a
 * change writes back content equal to an older version after a newer one was applied. Every change
 * also yields a RECORD_CHANGED entry naming its writer. Pure; re-applying a change is a no-op.
 */
export function evaluateChange(
  history: RecordSetHistory,
  change: ControlPlaneChange,
  config: RaceConfig = raceDefaults,
): ChangeEvaluation {
  const key = changeKey(change);
  if (history.appliedChanges.includes(key) || change.errorCode) {
    return {
      history: change.errorCode ? markApplied(history, key) : history,
      signals: [],
      duplicate: !change.errorCode,
    };
  }
  const ctx = raceContext(history, change, config);
  const signals = DETECTORS.flatMap((detect) => detect(ctx) ?? []);

  let next: RecordSetHistory = markApplied({ ...withVersion(history, ctx.version), writes: ctx.writes }, key);
  // Remembered so the same race raises CONCURRENT_WRITERS once per window, not on every later write.
  if (signals.some((s) => s.kind === 'CONCURRENT_WRITERS'))
    next = { ...next, concurrentAlertedAt: change.at };
  return { history: { ...next, pendingSignals: signals }, signals, duplicate: false };
}
