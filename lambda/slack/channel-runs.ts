import type { OutboxItem } from '../store/ports.js';
import type { SlackDeliveryError } from './errors.js';

/** Routine items of one incident delivered as one group reply in one Slack call, at most this many. */
const MAX_RUN = 50;

/** The item at `index`, with the routine items of the same incident right after it when it groups. */
export function runFrom(
  items: readonly OutboxItem[],
  index: number,
  groups: (item: OutboxItem) => boolean,
): OutboxItem[] {
  const first = items[index] as OutboxItem;
  const run = [first];
  if (!groups(first)) return run;
  for (let i = index + 1; i < items.length && run.length < MAX_RUN; i++) {
    const next = items[i] as OutboxItem;
    if (next.incidentId !== first.incidentId || !groups(next)) break;
    run.push(next);
  }
  return run;
}

/**
 * Whether a retryable failure stops the channel's pass: a rate limit or a deadline concerns every call,
 * and a second failure in a row (not of an item's own making) says Slack, not one message, is in trouble
 * — the other threads are then not sent into it. One alone lets the other threads go on.
 */
export function channelWide(failure: SlackDeliveryError, failingInARow: number): boolean {
  if (failure.itemOnly) return false;
  return failure.reason === 'ratelimited' || failure.reason === 'deadline_exceeded' || failingInARow >= 2;
}
