import type { SlackRef } from '../domain/incident.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';

/**
 * How long after an attempt of unknown outcome a lookup that finds nothing still means "maybe not yet":
 * Slack can perform a request after the client gave up on it (10 s), so the item waits this long before
 * it is posted again.
 */
export const LOOKUP_GRACE_MS = 30_000;

/**
 * What one attempt knows about earlier ones: `since`, the earliest attempt that may have posted (where a
 * lookup starts); `graceFrom`, the latest such attempt (what the grace period counts from); and whether
 * this attempt itself has sent a post (`posting`), so a failure after it keeps the doubt alive.
 */
export interface Doubt {
  since: string | undefined;
  graceFrom: string | undefined;
  posting: boolean;
}

/** What to do when Slack will not let Lookout read back the channel, by Slack's reason. */
const ADVICE: Record<string, string> = {
  not_in_channel: 'invite @Lookout to the channel',
  channel_not_found: 'invite @Lookout to the channel, or configure the channel id (C…)',
  missing_scope:
    'add channels:history, groups:history, channels:read and groups:read to the Slack app and reinstall it',
};

/**
 * Looks up a post that an earlier attempt may have made. Returns what it found, or undefined when the
 * post may be made now: not found, and the grace period since the latest attempt that may have posted
 * (`graceFrom`) is over, or there was none. When Slack refuses the read-back itself, the item waits with the reason and what to do:
 * posting without knowing could show the message twice.
 */
export async function findEarlierPost(
  find: () => Promise<SlackRef | undefined>,
  graceFrom: string | undefined,
  now: number,
  graceMs: number = LOOKUP_GRACE_MS,
): Promise<SlackRef | undefined> {
  let found: SlackRef | undefined;
  try {
    found = await find();
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.kind === 'retryable') throw failure;
    const advice = ADVICE[failure.reason] ?? 'check the Slack app';
    throw new SlackDeliveryError(
      'retryable',
      `cannot check whether an earlier post reached Slack (${failure.reason}): ${advice}`,
      { cause: error, outcomeUnknown: true },
    );
  }
  if (found) return found;
  if (graceFrom && now < Date.parse(graceFrom) + graceMs)
    throw new SlackDeliveryError('retryable', 'awaiting_late_answer (an earlier post may still arrive)', {
      outcomeUnknown: true,
      // Only this message's own earlier attempt is awaited: the channel's other threads can go on.
      itemOnly: true,
    });
  return undefined;
}
