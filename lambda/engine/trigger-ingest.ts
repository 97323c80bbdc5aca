import type { Incident } from '../domain/incident.js';
import { IncidentTransitionError } from '../domain/incidents/errors.js';
import {
  acknowledgeIncident,
  type Change,
  resolveIncident,
  signalKey,
} from '../domain/incidents/lifecycle.js';
import type { TriggerEvent, TriggerSender } from '../domain/triggers/trigger-event.js';
import { staleBecause, unacknowledgeIncident } from '../domain/triggers/trigger-order.js';
import { type SeveritySettings, triggerSeverity } from '../domain/triggers/trigger-severity.js';
import {
  triggerActor,
  triggerSignal,
  triggerSubject,
  triggerSubjectId,
} from '../domain/triggers/trigger-signal.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { onConflict } from './conflicts.js';
import type { IncidentWriter } from './incident-writer.js';
import { TriggerMarks } from './trigger-marks.js';

/** Where each sender's incidents go and which runbook they show when the trigger names none. */
export interface TriggerSettings {
  /** A channel configured for the sender's triggers; undefined leaves them to the routing rules. */
  channel: (sender: TriggerSender) => string | undefined;
  runbook: (sender: TriggerSender) => string | undefined;
  severity: SeveritySettings;
}

export interface TriggerIngestDeps extends ServiceDeps {
  store: Store;
  writer: IncidentWriter;
  settings: TriggerSettings;
}

export type TriggerOutcomeKind =
  | 'opened'
  | 'updated'
  | 'acknowledged'
  | 'resolved'
  /** PagerDuty reopened an episode it had resolved: a new incident (a resolved one is never reopened). */
  | 'reopened'
  /** PagerDuty took the acknowledgement back: the incident is open again. */
  | 'unacknowledged'
  /** Seen before (a webhook redelivered, an alert re-sent on repeat_interval): nothing done again. */
  | 'duplicate'
  /** Another delivery of the same event is being applied right now: the sender should retry. */
  | 'in-progress'
  /** Already in the asked state (acknowledged twice), or no open incident to acknowledge or resolve. */
  | 'unchanged';

export interface TriggerOutcome {
  outcome: TriggerOutcomeKind;
  subject: string;
  incidentId?: string;
  /** Why nothing changed, for `unchanged`. */
  reason?: string;
}

/** Requests dedup: a delivery applied is remembered this long (PagerDuty retries for ~20 min; alerts repeat for days). */
const APPLIED_KEEP_MS = 30 * 24 * 3_600_000;
/** A delivery being applied holds this lease: a crash frees it for the sender's retry. */
const APPLYING_LEASE_MS = 60_000;
export const APPLIED_SOURCE = 'trigger';
const OUTCOMES: Partial<Record<TriggerEvent['action'], TriggerOutcomeKind>> = {
  acknowledge: 'acknowledged',
  unacknowledge: 'unacknowledged',
  resolve: 'resolved',
};
const APPLYING_SOURCE = 'trigger-applying';

/**
 * Applies verified triggers to incidents, each delivery once: `trigger` opens or updates the
 * incident of its subject (a TRIGGERED signal through the incident writer), `acknowledge` and `resolve`
 * change the open one. A delivery is claimed while it is applied and remembered once applied, so a
 * repeat changes nothing and a crash in between is finished by the sender's retry (every step is
 * idempotent), never lost to a claim taken before the work.
 */
export class TriggerIngest {
  private readonly marks: TriggerMarks;

  constructor(private readonly deps: TriggerIngestDeps) {
    this.marks = new TriggerMarks(deps.store);
  }

  async ingest(event: TriggerEvent): Promise<TriggerOutcome> {
    const { store, now } = this.deps;
    const subject = triggerSubjectId(event);
    const seen = await store.requests.get(APPLIED_SOURCE, event.dedupId);
    if (seen && seen.expiresAtMs > now().getTime()) return { outcome: 'duplicate', subject };
    if (!(await store.requests.claim(APPLYING_SOURCE, event.dedupId, now(), APPLYING_LEASE_MS))) {
      return { outcome: 'in-progress', subject };
    }
    const outcome = await this.apply(event);
    await store.requests.claim(APPLIED_SOURCE, event.dedupId, now(), APPLIED_KEEP_MS, outcome.outcome);
    return outcome;
  }

  private async apply(event: TriggerEvent): Promise<TriggerOutcome> {
    if (event.ordered) return this.applyOrdered(event);
    if (event.action === 'trigger') return this.trigger(event);
    return this.changeOpen(event);
  }

  /**
   * An event of a sender whose events arrive in any order (PagerDuty), judged by its own time: one older
   * than a resolve or reopen applied changes nothing; the sender's one trigger of an episode seen before
   * is late; an acknowledge, unacknowledge or resolve of an episode never seen opens it from the event's
   * own data first. Marks are written after the change, so a retry after a crash finishes the same work.
   */
  private async applyOrdered(event: TriggerEvent): Promise<TriggerOutcome> {
    const { now, store } = this.deps;
    const subject = triggerSubjectId(event);
    const stale = staleBecause(event, await this.marks.list(subject, now()));
    if (stale) return { outcome: 'unchanged', subject, reason: stale };
    const seen = await this.marks.seen(subject, now());
    const claim = await store.incidents.openClaim(subject);
    let result: TriggerOutcome;
    if (event.action === 'trigger' && (seen || claim)) {
      result = { outcome: 'unchanged', subject, reason: `${subject} was opened before this trigger arrived` };
    } else if (event.action === 'trigger') {
      result = await this.trigger(event);
    } else if (event.action === 'reopen') {
      result = claim
        ? { outcome: 'unchanged', subject, incidentId: claim.incidentId, reason: `${subject} is open` }
        : { ...(await this.trigger(event, 'reopened')), outcome: 'reopened' };
      await this.marks.add(subject, { kind: 'reopened', at: event.at }, now());
    } else {
      if (!seen && !claim) {
        const openedAt = event.openedAt && event.openedAt < event.at ? event.openedAt : event.at;
        await this.trigger({ ...event, at: openedAt });
      }
      await this.marks.markSeen(subject, now());
      result = await this.changeOpen(event);
      if (event.action === 'resolve')
        await this.marks.add(subject, { kind: 'resolved', at: event.at }, now());
      if (result.outcome === 'unacknowledged')
        await this.marks.add(subject, { kind: 'unacknowledged', at: event.at }, now());
    }
    if (result.incidentId) await this.marks.markSeen(subject, now());
    return result;
  }

  private decide(event: TriggerEvent, incident: Incident): Change {
    const actor = triggerActor(event);
    if (event.action === 'acknowledge') return acknowledgeIncident(incident, actor, event.at);
    if (event.action === 'unacknowledge') return unacknowledgeIncident(incident, event, actor);
    return resolveIncident(incident, actor, event.at, undefined, event.dedupId);
  }

  private async trigger(event: TriggerEvent, verb?: string): Promise<TriggerOutcome> {
    const { settings, writer } = this.deps;
    const severity = triggerSeverity(event.severity, settings.severity);
    const runbook = event.runbook ?? settings.runbook(event.sender);
    const signal = triggerSignal(event, severity, runbook, verb);
    const result = await writer.apply(signal, triggerSubject(event, settings.channel(event.sender)));
    const subject = signal.targetId;
    if (!result.incident) return { outcome: 'unchanged', subject, reason: 'no incident was written' };
    const opened = result.incident.openedBy === signalKey(signal);
    return { outcome: opened ? 'opened' : 'updated', subject, incidentId: result.incident.id };
  }

  /** Acknowledge, unacknowledge or resolve the subject's open incident, retried when another writer changes it meanwhile. */
  private async changeOpen(event: TriggerEvent): Promise<TriggerOutcome> {
    const { store, writer } = this.deps;
    const subject = triggerSubjectId(event);
    const attempt = async (): Promise<TriggerOutcome> => {
      const claim = await store.incidents.openClaim(subject);
      const incident = claim ? await store.incidents.get(claim.incidentId) : undefined;
      if (!incident || incident.status === 'resolved') {
        return { outcome: 'unchanged', subject, reason: `no open incident for ${subject}` };
      }
      await writer.heal(incident);
      let change: Change;
      try {
        change = this.decide(event, incident);
      } catch (error) {
        if (!(error instanceof IncidentTransitionError)) throw error;
        return { outcome: 'unchanged', subject, incidentId: incident.id, reason: error.message };
      }
      await writer.commit(change);
      const outcome = OUTCOMES[event.action] ?? 'resolved';
      return { outcome, subject, incidentId: incident.id };
    };
    try {
      return await retry(attempt, onConflict(5, { backoff: false }));
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      throw new ConcurrentUpdateError(`incident of ${subject}`, { cause: error });
    }
  }
}
