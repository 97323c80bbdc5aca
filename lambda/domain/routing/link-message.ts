import type { Incident } from '../incident.js';
import type { SlackMessage } from '../render/blocks.js';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from '../render/limits.js';
import { severityOfIncident } from './incident-severity.js';

/**
 * The message a routed channel gets when the incident lives elsewhere (its own incident channel, or
 * the first of several routed channels): the incident's title and severity, and where to follow it.
 * `home` is the channel id the root was posted in (`<#C…>` makes Slack show it as a link).
 */
export function renderChannelLink(incident: Incident, home: string, dedicated: boolean): SlackMessage {
  const severity = severityOfIncident(incident);
  const where = dedicated ? `Incident channel: <#${home}>` : `Followed in <#${home}>`;
  const line = `${truncate(escapeMrkdwn(incident.title), 200)} (${severity}) — ${where}`;
  return {
    text: truncate(line, SLACK_LIMITS.fallbackText),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${line}*`, SLACK_LIMITS.sectionText) } },
    ],
  };
}
