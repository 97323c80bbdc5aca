/** Longer than this, a sender's link is not shown (a context line or a Links entry is no place for it). */
const MAX_URL = 1_000;

/**
 * The link an on-call trigger carried (`facts.url`: PagerDuty's html_url, Alertmanager's generatorURL,
 * the generic trigger's url), normalized, when it is an http(s) URL; anything else (javascript:, a
 * relative path, junk) is never rendered as a link.
 */
export function triggerLink(facts: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const raw = facts?.url;
  if (typeof raw !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.href.length <= MAX_URL ? url.href : undefined;
}

/**
 * A Slack mrkdwn link to it: `&`, `<` and `>` escaped as Slack asks, and `|` (which would end the
 * URL early and start the label) percent-encoded.
 */
export function slackTriggerLink(url: string, label: string): string {
  const target = url.replace(/\|/g, '%7C').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<${target}|${label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}>`;
}

const SENDERS: Readonly<Record<string, string>> = { pagerduty: 'PagerDuty', alertmanager: 'Alertmanager' };

function senderOf(facts: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const sender = facts?.sender;
  return typeof sender === 'string' ? SENDERS[sender] : undefined;
}

/** The link's entry under Links: who sent it and what it named ("PagerDuty: checkout-api"). */
export function triggerLinkTitle(facts: Readonly<Record<string, unknown>> | undefined): string {
  const name = typeof facts?.name === 'string' ? `: ${facts.name}` : '';
  return `${senderOf(facts) ?? 'Trigger'}${name}`;
}

/** The link's words on the incident message ("Open in PagerDuty"). */
export function triggerLinkLabel(facts: Readonly<Record<string, unknown>> | undefined): string {
  const sender = senderOf(facts);
  return sender ? `Open in ${sender}` : 'Open the trigger’s link';
}
