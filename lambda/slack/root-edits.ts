import type { SlackRef } from '../domain/incident.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { RootEditState, ThreadRepo } from '../store/thread-repo.js';
import type { DeliveryLogger } from './slack-port.js';

export interface RootEditsDeps {
  threads: ThreadRepo;
  now: () => Date;
  log: DeliveryLogger;
  /** An incident's root is edited at most once per this long (0: after every item, as before). */
  intervalMs: number;
}

/**
 * Paces the edits of incidents' root messages: at most one per interval per incident, always to the
 * latest state. An edit asked for too soon is owed, not dropped: it is stored with the time it may run,
 * and any later flush (this run's end, the next probe round, another Lambda) makes it from the incident
 * as it is then — so the last state is always written, even when the run that owed it ended or died.
 * @example await rootEdits.request(incident.id, ref, () => roots.refresh(ref, incident, runbook, evidence));
 */
export class RootEdits {
  constructor(private readonly deps: RootEditsDeps) {}

  /**
   * After an item changed what `ref` should show: edits now, or owes the edit for later. `now: true`
   * edits at once whatever the pacing: a person's own action (ack, resolve, a note, a step done) — they
   * are looking at the message, and people do not click in bursts; the pacing is for automation's.
   */
  async request(
    incidentId: string,
    ref: SlackRef,
    edit: () => Promise<void>,
    options: { now?: boolean } = {},
  ): Promise<void> {
    if (this.deps.intervalMs <= 0) return edit();
    const state = await this.deps.threads.rootEdit(incidentId);
    const now = this.deps.now();
    const last = state?.lastEditAt ? Date.parse(state.lastEditAt) : Number.NEGATIVE_INFINITY;
    if (options.now || now.getTime() - last >= this.deps.intervalMs) {
      await edit();
      await this.record({ incidentId, ref, lastEditAt: now.toISOString() }, state?.version ?? 0, now);
      return;
    }
    if (state?.dueAt) return;
    const dueAt = new Date(last + this.deps.intervalMs).toISOString();
    await this.record({ ...without(state), incidentId, ref, dueAt }, state?.version ?? 0, now);
  }

  /** The root was just posted showing the current state: it counts as an edit for the pacing. */
  async posted(incidentId: string, ref: SlackRef): Promise<void> {
    if (this.deps.intervalMs <= 0) return;
    const state = await this.deps.threads.rootEdit(incidentId);
    const now = this.deps.now();
    await this.record({ incidentId, ref, lastEditAt: now.toISOString() }, state?.version ?? 0, now);
  }

  /**
   * Makes the owed edits that are due by now, oldest first, while `until` allows. `edit` renders the
   * incident as it is now (a fresh read), so an owed edit always shows the latest state.
   */
  async settle(until: number, edit: (incidentId: string, ref: SlackRef) => Promise<void>): Promise<number> {
    if (this.deps.intervalMs <= 0) return 0;
    const due = await this.deps.threads.dueRootEdits(this.deps.now());
    let made = 0;
    for (const state of due) {
      const now = this.deps.now();
      if (now.getTime() >= until || !state.ref) continue;
      await edit(state.incidentId, state.ref);
      made += 1;
      await this.record(
        { incidentId: state.incidentId, ref: state.ref, lastEditAt: now.toISOString() },
        state.version,
        now,
      );
    }
    return made;
  }

  /** The first owed edit's time, if any is owed (a run may wait for it when its deadline allows). */
  async nextDue(): Promise<number | undefined> {
    if (this.deps.intervalMs <= 0) return undefined;
    const [first] = await this.deps.threads.dueRootEdits(new Date(8.64e15), 1);
    return first?.dueAt ? Date.parse(first.dueAt) : undefined;
  }

  private async record(next: Omit<RootEditState, 'version'>, expected: number, at: Date): Promise<void> {
    try {
      await this.deps.threads.putRootEdit(next, expected, at);
    } catch (error) {
      // Another sender recorded an edit or owed one meanwhile: theirs stands (at worst one extra edit).
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      this.deps.log.info('root edit state changed meanwhile; keeping the other writer’s', {
        incidentId: next.incidentId,
      });
    }
  }
}

function without(state: RootEditState | undefined): Omit<RootEditState, 'version'> | object {
  if (!state) return {};
  const { version: _v, ...rest } = state;
  return rest;
}
