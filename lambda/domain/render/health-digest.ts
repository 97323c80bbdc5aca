import { type DigestLine, type HealthDigest, healthEventUrl, isActive } from '../health/health-digest.js';
import { type Block, type SlackMessage, fallbackText as slackText } from './blocks.js';
import { healthServiceName } from './health.js';
import { escapeMrkdwn, nonEmpty, packLines, SLACK_LIMITS, truncate } from './limits.js';
import { formatDuration, formatTime } from './time.js';

export interface DigestRenderOptions {
  /** How long closed events stay listed (said in the closed group's heading). */
  closedKeepMs: number;
}

const HEADER = 'AWS Health: scheduled changes and account notifications';
/** Header, intro and footer: the rest of Slack's 50 blocks carry the lines. */
const FIXED_BLOCKS = 3;
const CATEGORY_WORDS: Readonly<Record<string, string>> = {
  scheduledChange: 'scheduled change',
  accountNotification: 'account notification',
};

/**
 * The digest as one Slack message: upcoming and open events first, then those closed lately, one line
 * each; within Slack's limits (50 blocks, 3,000 characters a section), saying how many did not fit.
 * @example renderHealthDigest(digest, { closedKeepMs: 7 * 86_400_000 }).blocks[0] // the header
 */
export function renderHealthDigest(digest: HealthDigest, options: DigestRenderOptions): SlackMessage {
  const active = digest.lines.filter(isActive);
  const closed = digest.lines.filter((l) => !isActive(l));
  const groups = [
    ...(active.length ? [{ title: '*Upcoming and open*', lines: active }] : []),
    ...(closed.length
      ? [{ title: `*Closed in the last ${keptFor(options.closedKeepMs)}*`, lines: closed }]
      : []),
  ];
  const budget = SLACK_LIMITS.blocks - FIXED_BLOCKS;
  const sections: string[] = [];
  let notShown = 0;
  for (const group of groups) {
    const chunks = packLines([group.title, ...group.lines.map(lineText)], SLACK_LIMITS.sectionText);
    for (const chunk of chunks) {
      if (sections.length < budget) sections.push(chunk);
      else notShown += chunk.split('\n').filter((l) => l.startsWith('• ')).length;
    }
  }
  const counts = countsOf(active.length, closed.length);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: HEADER, emoji: true } },
    context(
      `${counts}. One line per event, edited in place as AWS Health updates it; Lookout opens no incident for these.`,
    ),
    ...sections.map(section),
    context(footer(digest, notShown)),
  ];
  return { text: fallbackText(digest, counts), blocks };
}

/** One event: what, where, status, when, AWS's first sentence, and its page in the Health Dashboard. */
export function lineText(line: DigestLine): string {
  const what = [
    `*${escapeMrkdwn(healthServiceName(line.service))}*`,
    escapeMrkdwn(line.region),
    escapeMrkdwn(CATEGORY_WORDS[line.category] ?? line.category),
    `\`${escapeMrkdwn(line.typeCode)}\``,
    `*${escapeMrkdwn(line.status)}*`,
    ...(line.account ? [`account ${escapeMrkdwn(line.account)}`] : []),
  ];
  const when = windowOf(line);
  const parts = [what.join(' · '), ...(when ? [when] : [])];
  const summary = line.summary ? ` — ${escapeMrkdwn(line.summary)}` : '';
  return `• ${parts.join(' · ')}${summary} <${healthEventUrl(line.arn)}|details>`;
}

function windowOf(line: DigestLine): string {
  if (line.startTime && line.endTime) return `${formatTime(line.startTime)} to ${formatTime(line.endTime)}`;
  if (line.startTime) return `from ${formatTime(line.startTime)}`;
  if (line.endTime) return `until ${formatTime(line.endTime)}`;
  return '';
}

/** `7 days`, `1 day`, else the usual duration (`36 h`). */
function keptFor(ms: number): string {
  const days = ms / 86_400_000;
  return Number.isInteger(days) && days > 0 ? `${days} ${days === 1 ? 'day' : 'days'}` : formatDuration(ms);
}

function countsOf(active: number, closed: number): string {
  return `${active} upcoming or open, ${closed} closed`;
}

function footer(digest: HealthDigest, notShown: number): string {
  const parts = [`Updated ${formatTime(digest.updatedAt)}`];
  if (notShown)
    parts.push(`${notShown} more ${notShown === 1 ? 'event' : 'events'} did not fit in this message`);
  if (digest.omitted)
    parts.push(
      `${digest.omitted} older open ${digest.omitted === 1 ? 'event was' : 'events were'} dropped to keep the digest within its size`,
    );
  return parts.join(' · ');
}

/** What notifications and a blocks-refused resend show: the counts and the events, shortest form. */
function fallbackText(digest: HealthDigest, counts: string): string {
  const events = digest.lines.map(
    (l) =>
      `${healthServiceName(l.service)} ${l.region} ${CATEGORY_WORDS[l.category] ?? l.category} ${l.status}`,
  );
  return slackText(`AWS Health digest: ${counts}${events.length ? ` — ${events.join('; ')}` : ''}`);
}

function section(text: string): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(nonEmpty(text), SLACK_LIMITS.sectionText) },
  };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.contextText) }] };
}
