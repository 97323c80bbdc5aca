import type { DeliveredEnvelope } from './socket-mode-types.js';

/** Slack's ack window: an envelope not acknowledged within it has failed. */
export const ACK_WINDOW_MS = 3_000;
/**
 * When an unacknowledged Events API envelope is sent again, counted from the end of the first ack
 * window: at once, after a minute, after five (Slack's Events API retry schedule; three retries).
 */
export const EVENT_RETRY_DELAYS_MS = [0, 60_000, 300_000] as const;

/**
 * What the ack window says of an envelope at `now`: nothing to do yet (acked, given up on, still in
 * its window, or its retry not yet due), give up on it (a slash command or interaction, or an event
 * out of retries), or send it again as `retry_attempt`.
 */
export function overdue(
  envelope: DeliveredEnvelope,
  now: number,
): { kind: 'wait' } | { kind: 'time-out' } | { kind: 'retry'; retryAttempt: number } {
  if (envelope.ack || envelope.timedOut) return { kind: 'wait' };
  const first = envelope.attempts[0]?.at ?? now;
  const last = envelope.attempts.at(-1)?.at ?? now;
  if (now - last <= ACK_WINDOW_MS) return { kind: 'wait' };
  const retry = envelope.attempts.length - 1;
  if (envelope.type !== 'events_api' || retry >= EVENT_RETRY_DELAYS_MS.length) return { kind: 'time-out' };
  if (now < first + ACK_WINDOW_MS + (EVENT_RETRY_DELAYS_MS[retry] ?? 0)) return { kind: 'wait' };
  return { kind: 'retry', retryAttempt: retry + 1 };
}
