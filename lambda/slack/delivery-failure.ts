import type { OutboxItem, OutboxStore } from '../store/ports.js';
import { recordDelivery } from './delivery-record.js';
import type { SlackDeliveryError } from './errors.js';
import type { FlushResult } from './flush-result.js';
import type { DeliveryLogger } from './slack-port.js';

export interface DeliveryFailureDeps {
  outbox: OutboxStore;
  now: () => Date;
  log: DeliveryLogger;
  /** A retryable failure of an item failing longer ago than this fails it, with the reason. */
  maxAgeMs: number;
}

/**
 * What the channel does after a failed item: `next` (it failed for good and is listed as failed: go on),
 * `wait` (it will be retried: its thread's later items wait; the channel too unless the failure concerns
 * the item alone) or `stop` (Slack is paused or out of turns, or the store could not record it).
 */
export type FailureVerdict = 'next' | 'wait' | 'stop';

/**
 * Records a failed attempt of `attempted` (`before`: the item as it was before the attempt was written
 * ahead) and counts it in `result`.
 * @example if ((await recordFailure(deps, item, attempted, classifySlackError(error), result, posting)) !== 'next') return;
 */
export async function recordFailure(
  deps: DeliveryFailureDeps,
  before: OutboxItem,
  attempted: OutboxItem,
  failure: SlackDeliveryError,
  result: FlushResult,
  posting: boolean,
): Promise<FailureVerdict> {
  const record = <T>(write: () => Promise<T>, item: OutboxItem) => recordDelivery(deps.log, write, item);
  // This attempt adds doubt only if it sent a post whose outcome is unknown; otherwise (nothing sent,
  // or Slack said no) the doubt stays what earlier attempts left, which the write-ahead had widened.
  const mayHavePosted = posting && failure.outcomeUnknown;
  const uncertainSince = mayHavePosted ? attempted.uncertainSince : before.uncertainSince;
  const graceFrom = mayHavePosted ? attempted.graceFrom : before.graceFrom;
  const { uncertainSince: _u, graceFrom: _g, ...rest } = attempted;
  const item: OutboxItem = {
    ...rest,
    ...(uncertainSince ? { uncertainSince } : {}),
    ...(graceFrom ? { graceFrom } : {}),
  };
  const context = {
    channel: item.channel,
    incidentId: item.incidentId,
    seq: item.seq,
    reason: failure.reason,
  };
  if (failure.kind === 'paused') {
    await record(
      () => deps.outbox.markFailed({ ...item, attempts: item.attempts - 1 }, failure.reason, false),
      item,
    );
    result.paused = failure.reason;
    result.deferred += 1;
    return 'stop';
  }
  if (failure.paced) {
    // The pacer had no turn for it before the deadline: nothing was sent and nothing is failing. Its
    // write-ahead is taken back (no doubt added), and it goes on the next delivery.
    if (
      !(await record(
        () => deps.outbox.markFailed({ ...item, attempts: item.attempts - 1 }, failure.reason, false),
        item,
      ))
    )
      return 'stop';
    result.deferred += 1;
    return 'stop';
  }
  // Age counts from the first retryable failure: time spent paused (token trouble) or queued while
  // Slack was off is not time spent failing.
  const failingSince = item.failingSince ?? deps.now().toISOString();
  const age = deps.now().getTime() - Date.parse(failingSince);
  const tooOld = failure.kind === 'retryable' && age >= deps.maxAgeMs;
  const permanent = failure.kind !== 'retryable' || tooOld;
  const reason = tooOld
    ? `gave up after ${Math.round(age / 60_000)} min of retrying: ${failure.reason}`
    : failure.reason;
  const marked: OutboxItem = { ...item, failingSince };
  if (!(await record(() => deps.outbox.markFailed(marked, reason, permanent), item))) return 'stop';
  if (permanent) {
    result.failed += 1;
    deps.log.error('Slack message failed; it stays in the outbox as failed (lookout outbox retry)', failure, {
      ...context,
      reason,
      attempts: item.attempts + 1,
    });
    return 'next';
  }
  result.retried += 1;
  // Later items of its thread wait, so a thread never shows entry 3 before entry 2 (the sender decides
  // whether the channel's other threads go on). Said when the trouble starts or changes, not on every
  // round of an outage.
  const log = item.lastError === reason ? deps.log.info : deps.log.warn;
  log.call(deps.log, 'Slack delivery will be retried; later messages of its thread wait', {
    ...context,
    ...(failure.outcomeUnknown ? { outcome: 'unknown: will be looked up before any resend' } : {}),
  });
  return 'wait';
}
