import type { Incident, TimelineEntry } from '../domain/incident.js';
import { type Declaration, declaredSignal, declaredSubject } from '../domain/incidents/declared-signal.js';
import {
  acknowledgeIncident,
  type Change,
  resolveIncident,
  signalKey,
} from '../domain/incidents/lifecycle.js';
import { noteIncident } from '../domain/incidents/note.js';
import { onConflict } from '../engine/conflicts.js';
import type { IncidentWriter } from '../engine/incident-writer.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError, NotFoundError } from '../store/errors.js';
import type { Store } from '../store/store.js';

/** What a person does to an incident (CLI, Slack): each a conditional, retried write. */
export class IncidentCommands {
  private readonly store: Store;
  private readonly writer: IncidentWriter;
  private readonly now: () => Date;

  constructor(deps: ServiceDeps & { store: Store; writer: IncidentWriter }) {
    this.store = deps.store;
    this.writer = deps.writer;
    this.now = deps.now;
  }

  list(limit = 50): Promise<Incident[]> {
    return this.store.incidents.list(limit);
  }

  async show(id: string): Promise<{ incident: Incident; timeline: TimelineEntry[] }> {
    const incident = await this.store.incidents.get(id);
    if (!incident) throw new NotFoundError(`incident ${id}`);
    await this.writer.heal(incident);
    return { incident, timeline: await this.store.incidents.listTimeline(id) };
  }

  acknowledge(id: string, by: string): Promise<Change> {
    return this.change(id, (incident) => acknowledgeIncident(incident, by, this.now().toISOString()));
  }

  resolve(id: string, by: string, note?: string): Promise<Change> {
    return this.change(id, (incident) => resolveIncident(incident, by, this.now().toISOString(), note));
  }

  /** A note on the timeline, in any status (a note after the resolve is the post-mortem's context). */
  note(id: string, by: string, text: string): Promise<Change> {
    return this.change(id, (incident) => noteIncident(incident, by, this.now().toISOString(), text));
  }

  /**
   * Opens an incident by hand: a DECLARED signal through the incident writer, like every other signal,
   * so routing, the open-incident claim, the timeline and the outbox treat it as they treat the rest.
   * `created` is false when this declaration (its origin) had opened it already: nothing new was written.
   */
  async declare(declaration: Declaration): Promise<{ incident: Incident; created: boolean }> {
    const signal = declaredSignal(declaration);
    const result = await this.writer.apply(signal, declaredSubject(declaration));
    if (!result.incident) throw new NotFoundError(`the declared incident ${declaration.origin}`);
    const created =
      result.incident.openedBy === signalKey(signal) && result.newEntries.some((e) => e.kind === 'OPENED');
    return { incident: result.incident, created };
  }

  private async change(id: string, decide: (incident: Incident) => Change): Promise<Change> {
    const attempt = async () => {
      const incident = await this.store.incidents.get(id);
      if (!incident) throw new NotFoundError(`incident ${id}`);
      await this.writer.heal(incident);
      const change = decide(incident);
      await this.writer.commit(change);
      return change;
    };
    try {
      return await retry(attempt, onConflict(5, { backoff: false }));
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      throw new ConcurrentUpdateError(`incident ${id}`, { cause: error });
    }
  }
}
