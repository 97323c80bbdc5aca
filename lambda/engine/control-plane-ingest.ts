import type { TimelineEntry } from '../domain/incident.js';
import type { ControlPlaneChange } from '../domain/route53/control-plane-change.js';
import type { RecordSetHistory } from '../domain/route53/history.js';
import { evaluateChange, type RaceConfig } from '../domain/route53/race-signature.js';
import { dnsTargetIdOf, type RecordSetKey } from '../domain/route53/record-set.js';
import type { Signal } from '../domain/signals.js';
import type { IncidentSubject } from '../domain/targets.js';
import { sourceSequence } from '../domain/timeline-sequence.js';
import type { Log } from '../ports/log.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { IncidentWriter } from './incident-writer.js';

/**
 * Signals a caller concludes from a change besides its race signature (offline, the EMPTY a DELETE
 * implies). They are saved and sequenced with the change's own, so they follow it in the timeline.
 */
/** Signals a change implies beyond the race signature, given the history as it was before the change. */
export type DeriveSignals = (change: ControlPlaneChange, before: RecordSetHistory) => Signal[];

export interface IngestResult {
  duplicate: boolean;
  signals: Signal[];
  entries: TimelineEntry[];
}

const MAX_RETRIES = 5;

export function subjectOf(key: RecordSetKey, channel?: string): IncidentSubject {
  return { id: dnsTargetIdOf(key), name: key.name, type: key.type, ...(channel ? { channel } : {}) };
}

/**
 * Control-plane change → record-set history → race signature → incidents. The same two-step pattern as
 * probe observations: the verdict is saved with the history (one conditional write) and then applied,
 * so replays and concurrent deliveries of one CloudTrail event change nothing the second time.
 */
export class ControlPlaneIngest {
  private readonly store: Store;
  private readonly writer: IncidentWriter;
  private readonly race: RaceConfig;
  private readonly log: Log;
  private readonly channelFor: (key: RecordSetKey) => string | undefined;

  constructor(
    deps: ServiceDeps & {
      store: Store;
      writer: IncidentWriter;
      race: RaceConfig;
      /** The channel a record set's incidents go to (its zone's, else the default); none = the default. */
      channelFor?: (key: RecordSetKey) => string | undefined;
    },
  ) {
    this.store = deps.store;
    this.writer = deps.writer;
    this.race = deps.race;
    this.log = deps.log;
    this.channelFor = deps.channelFor ?? (() => undefined);
  }

  async ingest(change: ControlPlaneChange, derive: DeriveSignals = () => []): Promise<IngestResult> {
    // Only a conflict on saving the history is tried again (re-read, decide again).
    let historyConflict = false;
    const attempt = async (): Promise<IngestResult> => {
      historyConflict = false;
      const history = await this.store.recordSets.history(change.recordSet.key);
      const leftovers = history.pendingSignals.length
        ? await this.applyAll(history.pendingSignals, history)
        : [];
      const evaluation = evaluateChange(history, change, this.race);
      if (evaluation.duplicate) {
        if (leftovers.length) await this.clear(history);
        return { duplicate: true, signals: [], entries: leftovers };
      }
      const signals = sequenced(
        [...evaluation.signals, ...(change.errorCode ? [] : derive(change, history))],
        history.version + 1,
      );
      let saved: RecordSetHistory;
      try {
        saved = await this.store.recordSets.saveHistory({ ...evaluation.history, pendingSignals: signals });
      } catch (error) {
        historyConflict = error instanceof ConcurrentUpdateError;
        throw error;
      }
      const entries = await this.applyAll(signals, saved);
      if (signals.length) await this.clear(saved);
      this.log.info('control-plane change', {
        changeId: change.id,
        recordSet: saved.id,
        writer: change.writer.principalArn,
        signals: signals.map((s) => s.kind),
      });
      return { duplicate: false, signals, entries: [...leftovers, ...entries] };
    };
    return retry(attempt, { attempts: MAX_RETRIES + 1, retryable: () => historyConflict });
  }

  /** Applies signals that concern `history`'s record set (used by the snapshot path too). */
  async applyAll(
    signals: readonly Signal[],
    history: Pick<RecordSetHistory, 'key'>,
  ): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    const subject = subjectOf(history.key, this.channelFor(history.key));
    for (const signal of signals) entries.push(...(await this.writer.apply(signal, subject)).newEntries);
    return entries;
  }

  private async clear(history: RecordSetHistory): Promise<void> {
    try {
      await this.store.recordSets.saveHistory({ ...history, pendingSignals: [] });
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
    }
  }
}

/**
 * Stamps a change's signals with the record set's own sequence: the history version their save creates
 * (each save of a record set's history is conditional on the one before, so versions follow the order
 * its changes were applied in, which is all that orders two calls CloudTrail dates to the same second),
 * then their place in the evaluation (the change itself, then what it implies).
 */
function sequenced(signals: readonly Signal[], historyVersion: number): Signal[] {
  return signals.map((signal, step) => ({ ...signal, seq: sourceSequence(historyVersion, step) }));
}
