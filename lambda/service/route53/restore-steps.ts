import type { TimelineEntry } from '../../domain/incident.js';
import { entryIdFor } from '../../domain/incidents/ids.js';
import type { RecordSetContent, RecordSetKey } from '../../domain/route53/record-set.js';
import type { Log } from '../../ports/log.js';
import type { Store } from '../../store/store.js';
import type { PreparedRestore, RestoreStep, RestoreStepName } from './restore-types.js';

/** What a restore's timeline entries are written for: one attempt, on its incident (if any). */
export type RestoreAttempt = Pick<PreparedRestore, 'attemptId' | 'incidentId' | 'channel' | 'by'>;

/** Appends a step, its time strictly after the previous one so the timeline keeps the order. */
export function appendStep(
  steps: RestoreStep[],
  name: RestoreStepName,
  text: string,
  now: Date,
  onStep?: (step: RestoreStep) => void,
): RestoreStep {
  let at = now.getTime();
  const last = steps.at(-1);
  if (last && at <= Date.parse(last.at)) at = Date.parse(last.at) + 1;
  const step = { step: name, at: new Date(at).toISOString(), text };
  steps.push(step);
  onStep?.(step);
  return step;
}

/** The timeline entry of one step of one attempt (none without an incident). */
export function restoreEntry(
  restore: Pick<PreparedRestore, 'attemptId' | 'incidentId' | 'by'>,
  step: RestoreStep,
): TimelineEntry | undefined {
  if (!restore.incidentId) return undefined;
  return {
    incidentId: restore.incidentId,
    entryId: entryIdFor(restore.incidentId, 'NOTE', `restore#${restore.attemptId}#${step.step}#${step.text}`),
    at: step.at,
    kind: 'NOTE',
    source: restore.by,
    text: step.text,
  };
}

/** Writes restore steps on the incident's timeline and queues them for its Slack channel. */
export class RestoreTimeline {
  private readonly store: Store;
  private readonly log: Log;

  constructor(deps: { store: Store; log: Log }) {
    this.store = deps.store;
    this.log = deps.log;
  }

  /** Idempotent (deterministic entry ids); returns the entries written for the first time. */
  async recordSteps(restore: RestoreAttempt, steps: readonly RestoreStep[]): Promise<TimelineEntry[]> {
    const written: TimelineEntry[] = [];
    for (const step of steps) {
      const entry = await this.record(restore, step);
      if (entry) written.push(entry);
    }
    return written;
  }

  /**
   * Best effort: Route 53 matters more than the timeline here, so a failed store write is logged and
   * the restore goes on (the caller may write `result.steps` again with `recordSteps`).
   */
  async record(restore: RestoreAttempt, step: RestoreStep): Promise<TimelineEntry | undefined> {
    const entry = restoreEntry(restore, step);
    if (!entry) return undefined;
    try {
      const fresh = await this.store.incidents.appendTimeline(entry);
      if (restore.channel) await this.store.outbox.enqueue(restore.channel, entry);
      return fresh ? entry : undefined;
    } catch (error) {
      this.log.warn('restore step not recorded on the timeline', {
        incidentId: restore.incidentId,
        step: step.step,
        error: (error as Error).message,
      });
      return undefined;
    }
  }
}

export function describeKey(key: RecordSetKey): string {
  return `${key.name} ${key.type}${key.setIdentifier !== undefined ? ` [${key.setIdentifier}]` : ''}`;
}

export function describeContent(content: RecordSetContent): string {
  const what = content.alias ? `alias ${content.alias.dnsName}` : content.values.join(', ');
  return `${what}${content.ttl !== undefined ? ` (TTL ${content.ttl})` : ''}${content.weight !== undefined ? ` weight ${content.weight}` : ''}`;
}
