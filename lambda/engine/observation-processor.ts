import type { DetectionConfig } from '../config/config-schema.js';
import type { ResolverCause } from '../domain/causes/round-verdict.js';
import { routeSignals } from '../domain/causes/routing.js';
import { evaluate } from '../domain/detectors/evaluate.js';
import { isSteady } from '../domain/detectors/steady.js';
import type { TargetState } from '../domain/detectors/target-state.js';
import type { Incident, TimelineEntry } from '../domain/incident.js';
import type { Observation } from '../domain/observation.js';
import type { Signal } from '../domain/signals.js';
import type { Target } from '../domain/targets.js';
import type { Log } from '../ports/log.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { IncidentWriter } from './incident-writer.js';

export interface ProcessResult {
  /** The observation had been processed before (or is older than the last one): nothing changed. */
  duplicate: boolean;
  signals: Signal[];
  /** Timeline entries written for the first time by this call, oldest first. */
  entries: TimelineEntry[];
  incidents: Incident[];
  /** The target's state after this observation (what the detectors remember). */
  state: TargetState;
}

const MAX_STATE_RETRIES = 5;
/** A steady target's state is written at least every this many observations (and on any change). */
const MAX_SKIPPED_WRITES = 30;

/**
 * Where in the write cycle a target starts after a change: 0–MAX_SKIPPED_WRITES steady observations
 * already counted, from its id. Targets that changed together (the first round, a shared outage's
 * end) then make their periodic writes in different rounds instead of all in one.
 */
export function writePhase(targetId: string): number {
  let hash = 0x811c9dc5; // FNV-1a: cheap and well mixed for short ids
  for (let i = 0; i < targetId.length; i++) hash = Math.imul(hash ^ targetId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % (MAX_SKIPPED_WRITES + 1);
}

/**
 * Observation → detectors → stored state → incidents/timeline/outbox. The detectors' verdict is saved
 * with the state in one conditional write (as `pendingSignals`), then applied; a crash in between is
 * healed on the target's next observation, and a second copy processing the same observation finds it
 * already applied.
 */
export class ObservationProcessor {
  /**
   * The state this process last read or wrote per target. Every write is still conditional on its
   * version, so a state changed by another copy is detected (ConcurrentUpdateError) and re-read.
   */
  private readonly cache = new Map<string, { state: TargetState; skipped: number }>();

  private readonly store: Store;
  private readonly writer: IncidentWriter;
  private readonly detection: DetectionConfig;
  private readonly log: Log;

  constructor(deps: ServiceDeps & { store: Store; writer: IncidentWriter; detection: DetectionConfig }) {
    this.store = deps.store;
    this.writer = deps.writer;
    this.detection = deps.detection;
    this.log = deps.log;
  }

  /**
   * `cause`: the probe round found this target's resolvers down for every target asking them (see
   * round-verdict.ts), so an UNREACHABLE joins the cause's incident instead of opening its own.
   */
  async process(observation: Observation, target: Target, cause?: ResolverCause): Promise<ProcessResult> {
    // Only a conflict on saving the state is tried again (re-read, decide again); the rest is idempotent.
    let stateConflict = false;
    const attempt = async (): Promise<ProcessResult> => {
      stateConflict = false;
      const cached = this.cache.get(target.id);
      const state = cached?.state ?? (await this.store.targets.get(target.id));
      const leftovers = state.pendingSignals.length
        ? await this.applyAll(state.pendingSignals, target)
        : undefined;
      const evaluation = routeSignals(
        state,
        evaluate(state, observation, target, this.detection),
        observation,
        target,
        cause,
      );
      if (evaluation.duplicate) {
        if (leftovers) await this.clearPending(state);
        return {
          duplicate: true,
          signals: [],
          entries: leftovers?.entries ?? [],
          incidents: leftovers?.incidents ?? [],
          state,
        };
      }
      const skipped = cached?.skipped ?? writePhase(target.id);
      const steady = !leftovers && isSteady(state, evaluation.next, evaluation.signals, this.detection);
      if (steady && skipped < MAX_SKIPPED_WRITES) {
        this.cache.set(target.id, { state: evaluation.next, skipped: skipped + 1 });
        return { duplicate: false, signals: [], entries: [], incidents: [], state: evaluation.next };
      }
      let saved: TargetState;
      try {
        saved = await this.store.targets.save(evaluation.next);
      } catch (error) {
        this.cache.delete(target.id);
        stateConflict = error instanceof ConcurrentUpdateError;
        throw error;
      }
      // A periodic write keeps the target's phase; a change write sets it again (see writePhase).
      this.cache.set(target.id, { state: saved, skipped: steady ? 0 : writePhase(target.id) });
      const applied = await this.applyAll(evaluation.signals, target);
      if (evaluation.signals.length) await this.clearPending(saved);
      return {
        duplicate: false,
        signals: evaluation.signals,
        entries: [...(leftovers?.entries ?? []), ...applied.entries],
        incidents: [...(leftovers?.incidents ?? []), ...applied.incidents],
        state: saved,
      };
    };
    return retry(attempt, { attempts: MAX_STATE_RETRIES + 1, retryable: () => stateConflict });
  }

  private async applyAll(signals: readonly Signal[], target: Target) {
    const entries: TimelineEntry[] = [];
    const incidents: Incident[] = [];
    for (const signal of signals) {
      const result = await this.writer.apply(signal, target);
      entries.push(...result.newEntries);
      if (result.incident) incidents.push(result.incident);
      this.log.info(signal.summary, {
        kind: signal.kind,
        targetId: target.id,
        incidentId: result.incident?.id,
      });
    }
    return { entries, incidents };
  }

  /**
   * Writes the states whose saves were skipped while steady, so a stopped `lookout start` leaves the
   * store as current as its last probe. Best effort: a state another copy moved on is left to it.
   */
  async flush(): Promise<void> {
    for (const [targetId, cached] of this.cache) {
      if (cached.skipped === 0) continue;
      try {
        const saved = await this.store.targets.save(cached.state);
        this.cache.set(targetId, { state: saved, skipped: 0 });
      } catch (error) {
        this.cache.delete(targetId);
        if (!(error instanceof ConcurrentUpdateError)) throw error;
      }
    }
  }

  /** Best effort: if another writer moved the state on, it carries (or has cleared) the leftovers. */
  private async clearPending(state: TargetState): Promise<void> {
    try {
      const cleared = await this.store.targets.save({ ...state, pendingSignals: [] });
      this.cache.set(state.targetId, { state: cleared, skipped: writePhase(state.targetId) });
    } catch (error) {
      this.cache.delete(state.targetId);
      if (!(error instanceof ConcurrentUpdateError)) throw error;
    }
  }
}
