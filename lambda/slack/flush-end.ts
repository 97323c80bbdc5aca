import { logBestEffortFailure } from './best-effort-log.js';
import type { DigestSender } from './digest-sender.js';
import type { FlushResult } from './flush-result.js';
import type { ItemDelivery } from './item-delivery.js';
import type { DeliveryLogger } from './slack-port.js';
import { settleStorms } from './storm-settle.js';
import type { StormThreads } from './storm-threads.js';

/** Owed root edits made at the end of one flush, at most (one second each in a paced channel). */
const SETTLE_PER_FLUSH = 20;

export interface FlushEndDeps {
  items: Pick<ItemDelivery, 'settleRoots'>;
  storms?: StormThreads | undefined;
  digests?: Pick<DigestSender, 'flush'> | undefined;
  now: () => Date;
  log: DeliveryLogger;
}

/**
 * What a flush does once its channels' items are out: the root edits owed by this run or an earlier one
 * (paced, or a run that ended first), from each incident as it is now, so the last state is always
 * written; the storm summaries behind their storm; the AWS Health digests. Each asks `hold` first: a
 * channel whose state changes still wait keeps them owed, since a storm must not delay a state change by
 * more than its channel's own pacing. Nothing runs while Slack is paused (token trouble).
 */
export async function settleFlushEnd(
  deps: FlushEndDeps,
  until: () => number,
  hold: (channel: string) => Promise<boolean>,
  result: FlushResult,
): Promise<void> {
  // Past the flush's time nothing can be sent: not even the lists are read (a run at its deadline
  // still holds the outbox, and the next run waits for it).
  if (result.paused || deps.now().getTime() >= until()) return;
  try {
    // Bounded per flush: new state changes are picked up by the next flush instead of waiting here.
    await deps.items.settleRoots(until(), SETTLE_PER_FLUSH, hold);
  } catch (error) {
    // Best effort like every root edit: the edit stays owed and the next flush makes it.
    logBestEffortFailure(
      deps.log,
      error,
      'could not make the owed root edits; the next delivery tries again',
    );
  }
  if (deps.storms) await settleStorms(deps.storms, { now: deps.now, log: deps.log, until: until(), hold });
  if (!deps.digests) return;
  const digests = await deps.digests.flush(until, hold);
  result.sent += digests.sent;
  result.retried += digests.retried;
  result.failed += digests.failed;
  result.deferred += digests.deferred;
  if (digests.paused) result.paused = digests.paused;
}
