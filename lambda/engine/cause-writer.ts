import type { ResolverCause } from '../domain/causes/round-verdict.js';
import type { Incident, TimelineEntry } from '../domain/incident.js';
import {
  affectedEntry,
  causeWho,
  joinCause,
  leaveCause,
  openCauseIncident,
} from '../domain/incidents/cause-lifecycle.js';
import { incidentIdFor } from '../domain/incidents/ids.js';
import { type Change, signalKey } from '../domain/incidents/lifecycle.js';
import { routeCauseIncident } from '../domain/routing/route-cause.js';
import type { IncidentRouting } from '../domain/routing/route-incident.js';
import type { Signal } from '../domain/signals.js';
import type { IncidentSubject } from '../domain/targets.js';
import type { Log } from '../ports/log.js';
import { retry } from '../shared/retry.js';
import type { Sleep } from '../shared/sleep.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { INCIDENT_WRITE_ATTEMPTS, onConflict } from './conflicts.js';

export interface CauseWriteResult {
  incident?: Incident;
  newEntries: TimelineEntry[];
}

/** What the cause writer borrows from IncidentWriter: the same entry, outbox and claim handling. */
export interface EntryWriter {
  finish(incident: Incident, entries: TimelineEntry[]): Promise<TimelineEntry[]>;
  heal(incident: Incident): Promise<void>;
  commit(change: Change): Promise<TimelineEntry[]>;
}

type CauseSignal = Signal & { kind: 'UNREACHABLE'; cause: ResolverCause };

const DANGLING_CLAIM_MS = 30_000;

/**
 * Writes cause incidents (resolvers down): opened under the cause's own open-incident claim, so racing
 * copies converge on one; targets join and leave by conditional updates of its affected list, each
 * keyed by the target's signal, so re-applying a signal after a crash changes nothing twice. Within
 * this process, writes to one cause run one at a time: a round attaches many targets at once, and
 * letting them race on one item would only burn retries.
 */
export class CauseWriter {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly entries: EntryWriter,
    private readonly options: {
      autoResolve: boolean;
      defaultChannel?: string;
      /** slack.routes, .severity, .incidentChannels: a cause incident is routed like any other. */
      routing?: IncidentRouting | undefined;
      log: Log;
      now: () => Date;
      sleep?: Sleep;
    },
  ) {}

  /**
   * Attaches the signal's target to the cause's incident, opening it if none is open. Undefined when the
   * target has an open incident of its own: it keeps it, and the signal goes there.
   */
  async join(signal: CauseSignal, target: IncidentSubject): Promise<CauseWriteResult | undefined> {
    if (await this.hasOwnIncident(target.id)) return undefined;
    return this.serial(signal.cause.id, () =>
      this.retrying(signal.cause.id, () => this.tryJoin(signal, target)),
    );
  }

  /** Detaches the signal's target from the cause's incident (nothing when it is not attached). */
  leave(causeId: string, signal: Signal): Promise<CauseWriteResult> {
    return this.serial(causeId, () => this.retrying(causeId, () => this.tryLeave(causeId, signal)));
  }

  private async hasOwnIncident(targetId: string): Promise<boolean> {
    const claim = await this.store.incidents.openClaim(targetId);
    if (!claim) return false;
    const incident = await this.store.incidents.get(claim.incidentId);
    // A claim without its incident is one being created: the target's own path sorts it out.
    return incident?.status !== 'resolved';
  }

  private async tryJoin(signal: CauseSignal, target: IncidentSubject): Promise<CauseWriteResult> {
    const causeId = signal.cause.id;
    const claim = await this.store.incidents.openClaim(causeId);
    const incident = claim ? await this.store.incidents.get(claim.incidentId) : undefined;
    if (claim && !incident) {
      if (claim.incidentId === incidentIdFor(causeId, signal.observationId, signal.at))
        return this.open(signal, target);
      await this.freeDangling(causeId, claim);
    }
    if (!incident) return this.open(signal, target);
    const key = signalKey(signal);
    if (incident.status === 'resolved') {
      if (incident.appliedSignals.includes(key)) return { incident, newEntries: [] };
      // A claim left behind by a writer that stopped after resolving: free it, then decide again.
      await this.store.incidents.releaseOpen(causeId, incident.id);
      throw new ConcurrentUpdateError(`open-incident claim of ${causeId}`);
    }
    await this.entries.heal(incident);
    if (incident.openedBy === key) {
      // This signal opened it: a crash may have come before its OPENED entry was written.
      const opened = openCauseIncident(signal, incident.channel).entries;
      return { incident, newEntries: await this.entries.finish(incident, opened) };
    }
    const joined = joinCause(incident, signal);
    if (joined) await this.store.incidents.update(withoutPending(joined));
    const current = joined ?? incident;
    if (joined || current.appliedSignals.includes(key)) await this.refreshRoot(current, signal, true);
    return { incident: current, newEntries: [] };
  }

  private async open(signal: CauseSignal, target: IncidentSubject): Promise<CauseWriteResult> {
    const causeId = signal.cause.id;
    const routed = routeCauseIncident({
      signal,
      cause: { id: causeId, name: causeWho(signal.cause) },
      covers: [target],
      routing: this.options.routing,
      fallback: this.options.defaultChannel,
    });
    const opened = openCauseIncident(signal, routed.channel);
    const change = {
      ...opened,
      incident: {
        ...opened.incident,
        severity: routed.severity,
        ...(routed.links.length ? { links: routed.links } : {}),
        ...(routed.incidentChannel ? { incidentChannel: routed.incidentChannel } : {}),
      },
    };
    const holder = await this.store.incidents.claimOpen(
      causeId,
      change.incident.id,
      this.options.now().toISOString(),
    );
    if (holder !== change.incident.id) throw new ConcurrentUpdateError(`open-incident claim of ${causeId}`);
    await this.store.incidents.create(change.incident);
    const stored = (await this.store.incidents.get(change.incident.id)) ?? change.incident;
    this.options.log.info('resolvers down: one incident for the targets they leave unanswered', {
      causeId,
      incidentId: stored.id,
      targetId: signal.targetId,
    });
    return { incident: stored, newEntries: await this.entries.finish(stored, change.entries) };
  }

  private async tryLeave(causeId: string, signal: Signal): Promise<CauseWriteResult> {
    const claim = await this.store.incidents.openClaim(causeId);
    const incident = claim ? await this.store.incidents.get(claim.incidentId) : undefined;
    if (!incident) return { newEntries: [] };
    // Entries a crashed leave left pending (the cause's recovery) are written here, once.
    await this.entries.heal(incident);
    const change = leaveCause(incident, signal, this.options.autoResolve);
    if (!change) return { incident, newEntries: [] };
    if (change.entries.length) {
      const newEntries = await this.entries.commit({ ...change, incident: withoutPending(change.incident) });
      return { incident: change.incident, newEntries };
    }
    await this.store.incidents.update(withoutPending(change.incident));
    await this.refreshRoot(change.incident, signal, false);
    return { incident: change.incident, newEntries: [] };
  }

  /** Frees a claim whose incident was never created (its writer stopped), once it is old enough. */
  private async freeDangling(
    causeId: string,
    claim: { incidentId: string; claimedAt: string },
  ): Promise<never> {
    if (Date.parse(claim.claimedAt) > this.options.now().getTime() - DANGLING_CLAIM_MS) {
      throw new ConcurrentUpdateError(`open-incident claim of ${causeId} (being created)`);
    }
    await this.store.incidents.releaseOpen(causeId, claim.incidentId);
    throw new ConcurrentUpdateError(`open-incident claim of ${causeId}`);
  }

  /** Queues a root re-render (no thread reply): the root lists the affected targets. */
  private async refreshRoot(incident: Incident, signal: Signal, joined: boolean): Promise<void> {
    if (!incident.channel) return;
    await this.store.outbox.enqueue(
      incident.channel,
      affectedEntry(incident, signal, joined),
      this.options.now().toISOString(),
    );
  }

  private async retrying<T>(causeId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await retry(
        work,
        onConflict(INCIDENT_WRITE_ATTEMPTS, {
          sleep: this.options.sleep,
          onRetry: (_error, attempt) =>
            this.options.log.debug('cause incident changed underneath, retrying', { causeId, attempt }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      throw new ConcurrentUpdateError(`incident for ${causeId} (after ${INCIDENT_WRITE_ATTEMPTS} attempts)`, {
        cause: error,
      });
    }
  }

  /** Runs `work` after every earlier write of this process to the same cause. */
  private async serial<T>(causeId: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(causeId) ?? Promise.resolve();
    const run = before.then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(causeId, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(causeId) === settled) this.queues.delete(causeId);
    }
  }
}

function withoutPending(incident: Incident): Incident {
  const { pendingEntries: _written, ...rest } = incident;
  return rest;
}
