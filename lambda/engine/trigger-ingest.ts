import type { Incident } from '../domain/incident.js';
import { IncidentTransitionError } from '../domain/incidents/errors.js';
import {
  acknowledgeIncident,
  type Change,
  resolveIncident,
  signalKey,
} from '../domain/incidents/lifecycle.js';
import type { TriggerEvent, TriggerSender } from '../domain/triggers/trigger-event.js';
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
const APPLYING_SOURCE = 'trigger-applying';

/**
 * Applies verified triggers to incidents, each delivery once: `trigger` opens or updates the
 * incident of its subject (a TRIGGERED signal through the incident writer), `acknowledge` and `resolve`
 * change the open one. A delivery is claimed while it is applied and remembered once applied, so a
 * repeat changes nothing and a crash in between is finished by the sender's retry (every step is
 * idempotent), never lost to a claim taken before the work.
 */
export class TriggerIngest {
  constructor(private readonly deps: TriggerIngestDeps) {}

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
    if (event.action === 'trigger') return this.trigger(event);
    const actor = triggerActor(event);
    return this.changeOpen(event, (incident) =>
      event.action === 'acknowledge'
        ? acknowledgeIncident(incident, actor, event.at)
        : resolveIncident(incident, actor, event.at, undefined, event.dedupId),
    );
  }

  private async trigger(event: TriggerEvent): Promise<TriggerOutcome> {
    const { settings, writer } = this.deps;
    const severity = triggerSeverity(event.severity, settings.severity);
    const runbook = event.runbook ?? settings.runbook(event.sender);
    const signal = triggerSignal(event, severity, runbook);
    const result = await writer.apply(signal, triggerSubject(event, settings.channel(event.sender)));
    const subject = signal.targetId;
    if (!result.incident) return { outcome: 'unchanged', subject, reason: 'no incident was written' };
    const opened = result.incident.openedBy === signalKey(signal);
    return { outcome: opened ? 'opened' : 'updated', subject, incidentId: result.incident.id };
  }

  /** Acknowledge or resolve the subject's open incident, retried when another writer changes it meanwhile. */
  private async changeOpen(
    event: TriggerEvent,
    decide: (incident: Incident) => Change,
  ): Promise<TriggerOutcome> {
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
        change = decide(incident);
      } catch (error) {
        if (!(error instanceof IncidentTransitionError)) throw error;
        return { outcome: 'unchanged', subject, incidentId: incident.id, reason: error.message };
      }
      await writer.commit(change);
      const outcome = event.action === 'acknowledge' ? 'acknowledged' : 'resolved';
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
