import type { Incident, TimelineEntry } from '../domain/incident.js';
import { incidentIdFor } from '../domain/incidents/ids.js';
import { applySignal, type Change, openIncident, signalKey } from '../domain/incidents/lifecycle.js';
import { type IncidentRouting, routeIncident } from '../domain/routing/route-incident.js';
import { type AlertKind, isAlertKind, type Signal } from '../domain/signals.js';
import type { IncidentSubject } from '../domain/targets.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import type { Sleep } from '../shared/sleep.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { CauseWriter } from './cause-writer.js';
import { INCIDENT_WRITE_ATTEMPTS, onConflict } from './conflicts.js';

export interface WriteResult {
  incident?: Incident;
  /** Entries this call wrote for the first time (re-processing yields none). */
  newEntries: TimelineEntry[];
}

const DANGLING_CLAIM_MS = 30_000;

/**
 * Turns signals into incident and timeline writes. Each step is a single-item conditional write with a
 * deterministic key, in an order that makes re-running it after a crash or a duplicate delivery safe:
 * claim the target → write the incident (versioned) → append entries → enqueue them for Slack →
 * release the claim once resolved. Two racing copies converge on one incident per target and episode.
 */
export interface IncidentWriterDeps extends ServiceDeps {
  store: Store;
  /** Resolve an incident once every problem in it has ended (config: detection.autoResolve). */
  autoResolve: boolean;
  /** The channel of incidents whose target names none and no routing rule matches (config: slack.channel). */
  defaultChannel?: string;
  /** Routing rules, severity overrides and incident channels (config: slack.routes, .severity, .incidentChannels). */
  routing?: IncidentRouting | undefined;
  /** Waits between conflicting writes (injected by tests; real time otherwise). */
  sleep?: Sleep;
}

export class IncidentWriter {
  private readonly causes: CauseWriter;

  private readonly store: Store;
  private readonly options: IncidentWriterDeps;

  constructor(deps: IncidentWriterDeps) {
    this.store = deps.store;
    this.options = deps;
    const { store } = deps;
    const options = deps;
    this.causes = new CauseWriter(
      store,
      {
        finish: (incident, entries) => this.finish(incident, entries),
        heal: (incident) => this.heal(incident),
        commit: (change) => this.commit(change),
      },
      options,
    );
  }

  /**
   * A signal routed by the probe round (see routing.ts) first leaves the cause incident it was attached
   * to; an UNREACHABLE with a shared cause joins that cause's incident unless the target has an open one
   * of its own. Everything else goes to the target's own incident.
   */
  async apply(signal: Signal, target: IncidentSubject): Promise<WriteResult> {
    const left = signal.leaves ? await this.causes.leave(signal.leaves, signal) : undefined;
    if (signal.kind === 'UNREACHABLE' && signal.cause) {
      const joined = await this.causes.join({ ...signal, kind: signal.kind, cause: signal.cause }, target);
      if (joined) return joined;
    }
    const own = await this.applyToOwn(signal, target);
    if (!left?.newEntries.length) return own;
    return { incident: own.incident ?? left.incident, newEntries: [...left.newEntries, ...own.newEntries] };
  }

  private async applyToOwn(signal: Signal, target: IncidentSubject): Promise<WriteResult> {
    try {
      return await retry(
        () => this.tryApply(signal, target),
        onConflict(INCIDENT_WRITE_ATTEMPTS, {
          sleep: this.options.sleep,
          onRetry: (_error, attempt) =>
            this.options.log.debug('incident changed underneath, retrying', { targetId: target.id, attempt }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      throw new ConcurrentUpdateError(
        `incident for ${target.id} (after ${INCIDENT_WRITE_ATTEMPTS} attempts)`,
        {
          cause: error,
        },
      );
    }
  }

  /**
   * Persists a lifecycle change computed elsewhere (ack, resolve): the incident and its entries in one
   * conditional write (`pendingEntries`), then the entries into the timeline and the outbox.
   */
  async commit(change: Change): Promise<TimelineEntry[]> {
    const incident = { ...change.incident, pendingEntries: change.entries };
    await this.store.incidents.update(incident);
    const written = await this.finish(incident, change.entries);
    await this.clearPending(incident.id, change.entries);
    return written;
  }

  /** Writes the entries a crashed commit left in the incident (idempotent; nothing when there are none). */
  async heal(incident: Incident): Promise<void> {
    if (!incident.pendingEntries?.length) return;
    await this.finish(incident, incident.pendingEntries);
    await this.clearPending(incident.id, incident.pendingEntries);
  }

  /**
   * Drops entries once they are in the timeline and the outbox. Kept, they would be queued again by a
   * later heal after the sent outbox item has expired (30 days) and posted a second time.
   */
  private async clearPending(incidentId: string, entries: TimelineEntry[]): Promise<void> {
    const ids = entries.map((e) => e.entryId).join();
    const drop = async () => {
      const current = await this.store.incidents.get(incidentId);
      // Gone, or a later change replaced them (and wrote its own): nothing of ours left to drop.
      if (current?.pendingEntries?.map((e) => e.entryId).join() !== ids) return;
      const { pendingEntries: _written, ...rest } = current;
      await this.store.incidents.update({ ...rest, version: current.version + 1 });
    };
    // Still contended after every try: the entries stay pending, which is safe (they are written
    // idempotently, and the next heal drops them).
    await retry(drop, onConflict(INCIDENT_WRITE_ATTEMPTS, { backoff: false })).catch((error: unknown) => {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
    });
  }

  private async tryApply(signal: Signal, target: IncidentSubject): Promise<WriteResult> {
    const claim = await this.store.incidents.openClaim(target.id);
    const incident = claim ? await this.store.incidents.get(claim.incidentId) : undefined;
    if (claim && !incident && isAlertKind(signal.kind)) {
      // The claim is this very signal's (a run that stopped between claim and create): finish it.
      if (claim.incidentId === incidentIdFor(signal.targetId, signal.observationId, signal.at)) {
        return this.open({ ...signal, kind: signal.kind }, target);
      }
    }
    if (claim && !incident) {
      // Its writer is between claim and create, or stopped there. Only a claim that has stayed dangling
      // for a while is freed, so a live writer is never robbed of its claim.
      if (Date.parse(claim.claimedAt) > this.options.now().getTime() - DANGLING_CLAIM_MS) {
        throw new ConcurrentUpdateError(`open-incident claim of ${target.id} (being created)`);
      }
      await this.store.incidents.releaseOpen(target.id, claim.incidentId);
      throw new ConcurrentUpdateError(`open-incident claim of ${target.id}`);
    }
    if (!incident) {
      if (isAlertKind(signal.kind)) return this.open({ ...signal, kind: signal.kind }, target);
      this.options.log.info('signal outside any incident', {
        kind: signal.kind,
        targetId: target.id,
        summary: signal.summary,
      });
      return { newEntries: [] };
    }
    if (incident.status === 'resolved' && !incident.appliedSignals.includes(signalKey(signal))) {
      // A claim left behind by a writer that stopped after resolving: free it, then decide again.
      await this.store.incidents.releaseOpen(target.id, incident.id);
      throw new ConcurrentUpdateError(`open-incident claim of ${target.id}`);
    }
    if (
      signal.kind === 'RECOVERED' &&
      signal.at < incident.openedAt &&
      !incident.appliedSignals.includes(signalKey(signal))
    ) {
      // A late RECOVERED from an earlier episode (a stalled copy's leftovers) must not resolve this newer,
      // real incident. Older alerts and changes may still join it: they are evidence (CloudTrail events
      // arrive late and carry whole seconds).
      this.options.log.warn('ignoring a RECOVERED older than the open incident', {
        kind: signal.kind,
        targetId: target.id,
        signalAt: signal.at,
        incidentId: incident.id,
      });
      return { incident, newEntries: [] };
    }
    await this.heal(incident);
    const change = applySignal(incident, signal, this.options.autoResolve);
    if (change.incident !== incident) {
      const { pendingEntries: _written, ...next } = change.incident;
      await this.store.incidents.update(next);
    }
    return { incident: change.incident, newEntries: await this.finish(change.incident, change.entries) };
  }

  private async open(signal: Signal & { kind: AlertKind }, target: IncidentSubject): Promise<WriteResult> {
    const routed = routeIncident({
      signal,
      target,
      routing: this.options.routing,
      fallback: this.options.defaultChannel,
    });
    const opened = openIncident(signal, target, routed.channel, routed.severity);
    const change = {
      ...opened,
      incident: {
        ...opened.incident,
        ...(routed.links.length ? { links: routed.links } : {}),
        ...(routed.incidentChannel ? { incidentChannel: routed.incidentChannel } : {}),
      },
    };
    const holder = await this.store.incidents.claimOpen(
      target.id,
      change.incident.id,
      this.options.now().toISOString(),
    );
    // Another signal opened the episode first (or a stale claim must be cleared): decide again.
    if (holder !== change.incident.id) throw new ConcurrentUpdateError(`open-incident claim of ${target.id}`);
    await this.store.incidents.create(change.incident);
    const stored = (await this.store.incidents.get(change.incident.id)) ?? change.incident;
    return { incident: stored, newEntries: await this.finish(stored, change.entries) };
  }

  private async finish(incident: Incident, entries: TimelineEntry[]): Promise<TimelineEntry[]> {
    const written: TimelineEntry[] = [];
    for (const entry of entries) {
      if (await this.store.incidents.appendTimeline(entry)) written.push(entry);
      // Enqueued even when the entry existed: heals a crash between the two writes (the enqueue is idempotent).
      if (incident.channel)
        await this.store.outbox.enqueue(incident.channel, entry, this.options.now().toISOString());
    }
    if (incident.status === 'resolved')
      await this.store.incidents.releaseOpen(incident.targetId, incident.id);
    return written;
  }
}
