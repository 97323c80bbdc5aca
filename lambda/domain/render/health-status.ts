import type { TimelineEntry } from '../incident.js';
import { healthServiceName } from './health.js';
import { escapeMrkdwn } from './limits.js';
import { formatTime } from './time.js';

/** What AWS Health last said about one event, as the facts of its newest timeline entry hold it. */
export interface HealthStatus {
  eventArn: string;
  service: string;
  region: string;
  status: string;
  account?: string;
  /** The gist of AWS's latest description (its first line, cut). */
  title?: string;
  /** When AWS posted this version (its `lastUpdatedTime`). */
  postedAt?: string;
  endedAt?: string;
  abuse?: boolean;
}

/**
 * The latest Health status of every AWS Health event told in a timeline (oldest first), newest post
 * first. Only entries that carry the facts count: one stored before entries kept them says nothing here.
 * @example latestHealth(await incidents.listTimeline(id)) // [{ service: 'DYNAMODB', region: 'us-east-1', status: 'open', … }]
 */
export function latestHealth(timeline: readonly TimelineEntry[]): HealthStatus[] {
  const latest = new Map<string, HealthStatus>();
  for (const entry of timeline) {
    if (entry.source !== 'aws-health' || !entry.facts) continue;
    const status = statusOf(entry.facts);
    // Timeline order is AWS's own update time: the later entry of an event is its later version.
    if (!status) continue;
    const key = `${status.eventArn}#${status.account ?? ''}`;
    latest.delete(key);
    latest.set(key, status);
  }
  return [...latest.values()].reverse();
}

function statusOf(f: Record<string, string | number | boolean>): HealthStatus | undefined {
  const text = (key: string) => (typeof f[key] === 'string' && f[key] ? (f[key] as string) : undefined);
  const eventArn = text('eventArn');
  const service = text('service');
  const region = text('region');
  const status = text('status');
  if (!eventArn || !service || !region || !status) return undefined;
  const optional = { account: text('account'), title: text('title'), postedAt: text('postedAt') };
  return {
    eventArn,
    service,
    region,
    status,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(text('endedAt') ? { endedAt: text('endedAt') as string } : {}),
    ...(f.abuse === true ? { abuse: true } : {}),
  };
}

/** The event's own page in the AWS Health Dashboard, made from its ARN. */
export function healthEventUrl(eventArn: string): string {
  return `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(eventArn)}&eventTab=details`;
}

/**
 * One mrkdwn line for the root message: where, AWS's status, when it posted, what it said, and the link.
 * A fact AWS did not give leaves its clause out.
 * @example healthStatusLine(status)
 * // "• *DynamoDB, us-east-1* — *open* · posted 2025-10-20 07:11:00 UTC: Increased error rates · <https://…|event in AWS Health>"
 */
export function healthStatusLine(s: HealthStatus): string {
  const where = [healthServiceName(s.service), s.region, s.account ? `account ${s.account}` : '']
    .filter(Boolean)
    .join(', ');
  const clauses = [`*${escapeMrkdwn(s.status)}*`];
  if (s.postedAt)
    clauses.push(
      `posted ${escapeMrkdwn(formatTime(s.postedAt))}${s.title ? `: ${escapeMrkdwn(oneLine(s.title))}` : ''}`,
    );
  else if (s.title) clauses.push(escapeMrkdwn(oneLine(s.title)));
  if (s.endedAt) clauses.push(`ended ${escapeMrkdwn(formatTime(s.endedAt))}`);
  clauses.push(`<${escapeMrkdwn(healthEventUrl(s.eventArn))}|event in AWS Health>`);
  return `• ${s.abuse ? 'abuse report · ' : ''}*${escapeMrkdwn(where)}* — ${clauses.join(' · ')}`;
}

/** The same in plain words, for the notification text: unescaped, the message's `text` escapes it whole. */
export function healthStatusText(s: HealthStatus): string {
  const posted = s.postedAt ? `, posted ${formatTime(s.postedAt)}` : '';
  return `AWS Health: ${healthServiceName(s.service)} ${s.region} ${s.status}${posted}${s.title ? ` (${oneLine(s.title)})` : ''}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
