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
   * `edit` answers whether Slack took the edit: one it did not take stays owed.
   */
  async request(
    incidentId: string,
    ref: SlackRef,
    edit: () => Promise<boolean>,
    options: { now?: boolean; queue?: string } = {},
  ): Promise<void> {
    if (this.deps.intervalMs <= 0) {
      await edit();
      return;
    }
    const state = await this.deps.threads.rootEdit(incidentId);
    const now = this.deps.now();
    const last = state?.lastEditAt ? Date.parse(state.lastEditAt) : Number.NEGATIVE_INFINITY;
    if (options.now || now.getTime() - last >= this.deps.intervalMs) {
      const next = (await edit())
        ? { incidentId, ref, lastEditAt: now.toISOString() }
        : { ...without(state), incidentId, ref, dueAt: this.retryAt(now), ...queued(options.queue) };
      await this.record(next, state?.version ?? 0, now);
      return;
    }
    await this.owe(incidentId, ref, options.queue);
  }

  /**
   * Owes an edit for the flush's end without making it: a channel whose state changes are still
   * waiting gives them its calls first. Due when the pacing allows, at once if it already does.
   */
  async owe(incidentId: string, ref: SlackRef, queue?: string): Promise<void> {
    // Also with no pacing (interval 0): the debt is what makes the edit once the state changes are out.
    // Re-read on a conflict: another sender's edit may have rendered an older state than ours, so the
    // debt must still be recorded after it (a few tries; one sender holds the outbox lease anyway).
    for (let attempt = 1; ; attempt++) {
      const state = await this.deps.threads.rootEdit(incidentId);
      if (state?.dueAt) return;
      const now = this.deps.now();
      const last = state?.lastEditAt ? Date.parse(state.lastEditAt) : Number.NEGATIVE_INFINITY;
      const dueAt = new Date(Math.max(now.getTime(), last + this.deps.intervalMs)).toISOString();
      try {
        await this.deps.threads.putRootEdit(
          { ...without(state), incidentId, ref, dueAt, ...queued(queue) },
          state?.version ?? 0,
          now,
        );
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError) || attempt >= 3) throw error;
      }
    }
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
   * incident as it is now (a fresh read), so an owed edit always shows the latest state; it answers
   * `false` when Slack did not take the edit (owed again, a pacing interval later) and `'gone'` when
   * there is nothing left to edit (the incident was removed). An edit whose queue `hold` names stays
   * owed untouched: that channel's state changes have its calls first.
   */
  async settle(
    until: number,
    max: number | undefined,
    edit: (incidentId: string, ref: SlackRef) => Promise<boolean | 'gone'>,
    hold: (queue: string) => Promise<boolean> = async () => false,
  ): Promise<number> {
    // Held edits are skipped, not counted: look further so other channels' edits still get made.
    const due = await this.deps.threads.dueRootEdits(this.deps.now(), max === undefined ? max : max * 10);
    let made = 0;
    let tried = 0;
    // A channel found holding stays held for this settle (in a storm one channel owes hundreds of edits,
    // and each question is a store query); one found free is asked again, as a state change may arrive.
    const held = new Set<string>();
    for (const state of due) {
      // Checked before `hold`: past the flush's time nothing is sent, so nothing need be asked either.
      if (this.deps.now().getTime() >= until) break;
      if (state.queue && (held.has(state.queue) || (await hold(state.queue)))) {
        held.add(state.queue);
        continue;
      }
      if (max !== undefined && tried >= max) break;
      tried += 1;
      const now = this.deps.now();
      if (now.getTime() >= until) break;
      const outcome = state.ref ? await edit(state.incidentId, state.ref) : 'gone';
      if (outcome === true) made += 1;
      const { incidentId } = state;
      const next =
        outcome === false
          ? { ...without(state), incidentId, dueAt: this.retryAt(now) }
          : { incidentId, ...(state.ref ? { ref: state.ref } : {}), lastEditAt: now.toISOString() };
      await this.record(next, state.version, now);
    }
    return made;
  }

  /** A refused edit is tried again one interval later, not in a tight loop against a failing Slack. */
  private retryAt(now: Date): string {
    return new Date(now.getTime() + this.deps.intervalMs).toISOString();
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

/** The queue a debt is held for, when known (an edit owed by an earlier Lookout has none). */
function queued(queue: string | undefined): { queue?: string } {
  return queue === undefined ? {} : { queue };
}

function without(state: RootEditState | undefined): Omit<RootEditState, 'version'> | object {
  if (!state) return {};
  const { version: _v, ...rest } = state;
  return rest;
}
