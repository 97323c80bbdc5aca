import type { TargetState } from '../../lambda/domain/detectors/target-state.js';
import type { Observation } from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';
import { type TargetView, targetView } from './target-view.js';

/**
 * What a running `lookout start` knows about each target right now, in config order: the latest
 * probe's answers and the detectors' state after it. The heartbeat, the closing summary and
 * status.json are all read from here, so they agree with each other.
 */
export class WatchBoard {
  private readonly views = new Map<string, TargetView>();
  /** Rounds finished so far. */
  rounds = 0;
  /** Epoch ms when the latest round finished, and how long it took. */
  lastRound?: { endedAt: number; ms: number };

  constructor(readonly targets: readonly Target[]) {
    for (const target of targets) this.views.set(target.id, targetView(target, undefined));
  }

  observed(target: Target, observation: Observation, state: TargetState): void {
    this.views.set(target.id, {
      ...targetView(target, state, observation.outcomes),
      lastProbeAt: observation.observedAt,
    });
  }

  /** The target keeps what was known before; the error says why this round told nothing new. */
  failed(target: Target, error: Error): void {
    const known = this.views.get(target.id) ?? targetView(target, undefined);
    this.views.set(target.id, { ...known, error: error.message });
  }

  /**
   * Drops names watched from Slack that the latest round no longer probed (`/lookout unwatch`); the
   * config's targets stay whatever a round did.
   */
  keepWatched(probed: ReadonlySet<string>): void {
    for (const [id, view] of this.views) if (view.watchedBy && !probed.has(id)) this.views.delete(id);
  }

  roundFinished(endedAt: number, ms: number): void {
    this.rounds++;
    this.lastRound = { endedAt, ms };
  }

  list(): TargetView[] {
    return [...this.views.values()];
  }
}
