import type { ChannelLink, Incident } from '../incident.js';
import type { SlackMessage } from '../render/blocks.js';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from '../render/limits.js';
import { formatTime } from '../render/time.js';
import { severityOfIncident } from './incident-severity.js';

/** What a link message says of the incident: still open, resolved, or resolved with its channel archived. */
export type LinkState = NonNullable<ChannelLink['shows']>;

/**
 * The state a routed channel's link should show now. Archived only once the incident's own channel is
 * (that is when its `<#…>` stops taking messages).
 */
export function linkStateOf(incident: Incident): LinkState {
  if (incident.status !== 'resolved') return 'open';
  return incident.incidentChannel?.archivedAt ? 'archived' : 'resolved';
}

/**
 * The message a routed channel gets when the incident lives elsewhere (its own incident channel, or
 * the first of several routed channels): the incident's title and severity, and where to follow it.
 * `home` is the channel id the root was posted in (`<#C…>` makes Slack show it as a link). Once the
 * incident is resolved (and its channel archived) the same message, edited in place, says so.
 *
 * @example
 * renderChannelLink(incident, 'C0INC', true).text;
 * // "EMPTY: api.example.test A (critical) — resolved 2026-12-02 07:10:00 UTC — Incident channel (archived): <#C0INC>"
 */
export function renderChannelLink(incident: Incident, home: string, dedicated: boolean): SlackMessage {
  const severity = severityOfIncident(incident);
  const state = linkStateOf(incident);
  const where = dedicated
    ? `Incident channel${state === 'archived' ? ' (archived)' : ''}: <#${home}>`
    : `Followed in <#${home}>`;
  const resolved =
    state === 'open' ? '' : ` — resolved${incident.resolvedAt ? ` ${formatTime(incident.resolvedAt)}` : ''}`;
  const line = `${truncate(escapeMrkdwn(incident.title), 200)} (${severity})${resolved} — ${where}`;
  return {
    text: truncate(line, SLACK_LIMITS.fallbackText),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${line}*`, SLACK_LIMITS.sectionText) } },
    ],
  };
}
