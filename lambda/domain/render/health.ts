import type { HealthChange, HealthEntityChange } from '../health/health-change.js';
import { entityTotal } from '../health/health-record.js';
import { formatDuration, formatTime } from './time.js';

export interface HealthSentenceOptions {
  /** What Lookout itself saw first about the same thing: the sentence then says how far apart they were. */
  lookoutFirst?: { kind: string; at: string };
  /** IANA zone for times (UTC when absent). */
  timeZone?: string;
  /** When Lookout received the delivery: told only when AWS's own times could not be read. */
  receivedAt?: string;
}

/** The names AWS gives its services in prose; a code not listed is shown as AWS sent it. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  APIGATEWAY: 'API Gateway',
  CLOUDFORMATION: 'CloudFormation',
  CLOUDFRONT: 'CloudFront',
  CLOUDWATCH: 'CloudWatch',
  DYNAMODB: 'DynamoDB',
  ELASTICLOADBALANCING: 'Elastic Load Balancing',
  EVENTS: 'EventBridge',
  LAMBDA: 'Lambda',
  MULTIPLE_SERVICES: 'multiple services',
  ROUTE53: 'Route 53',
  SECRETSMANAGER: 'Secrets Manager',
};

const TITLE_MAX = 120;
const ENTITIES_SHOWN = 3;

export function healthServiceName(service: string): string {
  return SERVICE_NAMES[service.toUpperCase()] ?? service;
}

/**
 * The timeline sentence for one Health change, built only from what AWS said and Lookout saw: a fact
 * that is missing leaves its clause out.
 * @example healthSentence(change, { lookoutFirst: { kind: 'EMPTY', at: '2025-10-20T06:48:00Z' } })
 * // "AWS Health: Increased error rates — DynamoDB, us-east-1, posted 2025-10-20 07:11:00 UTC,
 * //  23 min after Lookout's first EMPTY"
 */
export function healthSentence(change: HealthChange, options: HealthSentenceOptions = {}): string {
  const r = change.record;
  const title = healthTitle(r.description) || r.typeCode;
  const head = `${leadOf(change)}${title ? `: ${title}` : ''}`;
  const where = [healthServiceName(r.service), r.region, r.account ? `account ${r.account}` : '']
    .filter(Boolean)
    .join(', ');
  const clauses = [where];
  if (r.lastUpdatedTime) clauses.push(`posted ${formatTime(r.lastUpdatedTime, options.timeZone)}`);
  clauses.push(...unreadClauses(change, options));
  const gap = gapClause(r.lastUpdatedTime, options.lookoutFirst);
  if (gap) clauses.push(gap);
  const details = detailsOf(change, options.timeZone);
  return `${head} — ${clauses.filter(Boolean).join(', ')}${details.length ? `; ${details.join('; ')}` : ''}`;
}

function leadOf(change: HealthChange): string {
  const what = change.record.abuse ? 'AWS Health abuse report' : 'AWS Health';
  switch (change.kind) {
    case 'opened':
      return what;
    case 'updated':
      return `${what} update`;
    case 'closed':
      return `${what} closed`;
    case 'reopened':
      return `${what} reopened`;
  }
}

/** The first line of what AWS posted, cut at a sentence or a word when long; '' when it posted none. */
export function healthTitle(description: string): string {
  const line =
    description
      .split(/\r?\n/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .find(Boolean) ?? '';
  if (line.length <= TITLE_MAX) return line.replace(/\.$/, '');
  const sentence = line.slice(0, TITLE_MAX).match(/^(.{20,}?[.!?])\s/);
  if (sentence?.[1]) return sentence[1].replace(/\.$/, '');
  const cut = line.slice(0, TITLE_MAX);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : TITLE_MAX)}…`;
}

function gapClause(posted: string | undefined, first: HealthSentenceOptions['lookoutFirst']): string {
  if (!posted || !first) return '';
  const ms = Date.parse(posted) - Date.parse(first.at);
  if (Number.isNaN(ms)) return '';
  if (ms === 0) return `as Lookout saw its first ${first.kind}`;
  return `${formatDuration(Math.abs(ms))} ${ms > 0 ? 'after' : 'before'} Lookout's first ${first.kind}`;
}

function detailsOf(change: HealthChange, timeZone: string | undefined): string[] {
  const r = change.record;
  const details: string[] = [];
  if (change.kind === 'updated' && change.previousStatus !== undefined) {
    details.push(`status ${change.previousStatus} → ${r.status}`);
  }
  if (change.kind === 'closed' && r.endTime) details.push(`ended ${formatTime(r.endTime, timeZone)}`);
  const total = entityTotal(r);
  const atLeast = r.entitiesLeftOut?.atLeast ? 'at least ' : '';
  if (change.kind === 'opened' && total) details.push(`${atLeast}${countOf(total, 'affected resource')}`);
  const appeared = change.entities.filter((e) => e.appeared);
  if (appeared.length) {
    details.push(
      `${countOf(appeared.length, 'more affected resource')} (${atLeast}${grouped(total)} in all): ${listed(appeared)}`,
    );
  }
  const moved = change.entities.filter((e) => !appeared.includes(e));
  if (moved.length) details.push(moved.slice(0, ENTITIES_SHOWN).map(statusMove).join(', ') + more(moved));
  return details;
}

/**
 * A time AWS wrote in a form Lookout cannot read is quoted as written, not replaced by Lookout's clock;
 * when AWS gave no readable time at all, when Lookout received it is said as such.
 */
function unreadClauses(change: HealthChange, options: HealthSentenceOptions): string[] {
  const r = change.record;
  const unread = r.unreadTimes ?? {};
  const clauses: string[] = [];
  if (unread.startTime !== undefined && !r.startTime) {
    clauses.push(`AWS's start time '${unread.startTime}' could not be read`);
  }
  if (unread.lastUpdatedTime !== undefined && !r.lastUpdatedTime) {
    clauses.push(`AWS's update time '${unread.lastUpdatedTime}' could not be read`);
  }
  if (clauses.length && !r.lastUpdatedTime && !r.startTime && options.receivedAt) {
    clauses.push(`received ${formatTime(options.receivedAt, options.timeZone)}`);
  }
  return clauses;
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

function statusMove(e: HealthEntityChange): string {
  return e.previousStatus !== undefined
    ? `${e.value} ${e.previousStatus} → ${e.status}`
    : `${e.value} now ${e.status}`;
}

function listed(entities: HealthEntityChange[]): string {
  return (
    entities
      .slice(0, ENTITIES_SHOWN)
      .map((e) => e.value)
      .join(', ') + more(entities)
  );
}

function more(entities: readonly unknown[]): string {
  return entities.length > ENTITIES_SHOWN ? ` and ${grouped(entities.length - ENTITIES_SHOWN)} more` : '';
}

function countOf(n: number, noun: string): string {
  return `${grouped(n)} ${noun}${n === 1 ? '' : 's'}`;
}
