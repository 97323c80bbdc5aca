import type { Log } from '../../lambda/ports/log.js';
import type { ProbeRunner } from '../../lambda/service/probe-invocation.js';
import type { TimelineFeed } from '../../lambda/service/timeline-feed.js';
import type { WatchBoard } from './watch-board.js';
import type { WatchOutput } from './watch-output.js';

export interface WatchDeps {
  lookout: Pick<ProbeRunner, 'round'>;
  board: WatchBoard;
  output: WatchOutput;
  feed: Pick<TimelineFeed, 'prime' | 'poll' | 'open'>;
  log: Log;
  intervalMs: number;
  /** Stop after this many rounds (`--rounds`); run until `stopping()` otherwise. */
  rounds?: number;
  stopping: () => boolean;
  /** Epoch ms, and a wait that ends early once `stopping()` (both injected in tests). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** After each round is printed: publish status, poll Route 53, kick Slack delivery. */
  afterRound?: () => void;
}

/**
 * `lookout start`'s loop: a probe round, its results printed in config order, then what other commands
 * (`ack`, `resolve`, `restore`) wrote to the timelines meanwhile, then the wait for the next round. Ends
 * with a one-line summary, after `--rounds` rounds or on Ctrl-C.
 */
export async function runWatch(deps: WatchDeps): Promise<void> {
  await deps.feed.prime();
  for (let round = 1; !deps.stopping(); round++) {
    const started = deps.now();
    const result = await deps.lookout.round();
    for (const { target, observation, result: processed } of result.results)
      deps.board.observed(target, observation, processed.state);
    for (const { target, error } of result.failures) {
      deps.board.failed(target, error);
      deps.log.error(`could not process ${target.id}`, error);
    }
    deps.board.keepWatched(new Set([...result.results, ...result.failures].map((r) => r.target.id)));
    deps.board.roundFinished(deps.now(), deps.now() - started);
    deps.output.round(
      result.results.map(({ target, observation, result: processed }) => ({
        target,
        observation,
        state: processed.state,
        entries: processed.entries,
      })),
    );
    try {
      for (const news of await deps.feed.poll()) deps.output.entries(news.entries, news.incident.targetId);
    } catch (error) {
      deps.log.warn(
        `could not read the timelines for entries from other commands: ${(error as Error).message}`,
      );
    }
    deps.afterRound?.();
    if (deps.rounds !== undefined && round >= deps.rounds) break;
    await deps.sleep(deps.intervalMs - (deps.now() - started));
  }
  deps.output.summary(deps.feed.open());
}
