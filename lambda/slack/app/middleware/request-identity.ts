/**
 * The identity of one thing a person did in Slack, the same in every delivery of it, used to claim the
 * request before acting (`store.requests.claim('slack', identity, …)`):
 * - Events API: `event_id`, which Slack documents as unique per event and repeats in its retries.
 * - Slash commands, buttons, shortcuts and modal submissions: `trigger_id`. Slack issues one per
 *   gesture (it is what opens that gesture's modal), so a retry or a duplicate delivery of the same
 *   request carries the same one, while typing the same command again gets a new one. A slash command's
 *   payload has no timestamp, so `command + ts` is not available; for buttons, `action_ts + user`
 *   would do too, but one rule for every interactive payload is simpler to trust.
 * Anything else (options requests for a select menu) changes nothing and is not claimed.
 */
export function requestIdentity(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (typeof fields.event_id === 'string' && fields.event_id) return `event:${fields.event_id}`;
  if (typeof fields.trigger_id === 'string' && fields.trigger_id) return `trigger:${fields.trigger_id}`;
  return undefined;
}
