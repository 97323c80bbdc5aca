import { type HealthRecord, isClosed } from './health-record.js';
import { compareVersions } from './health-version.js';

/**
 * The per-channel digest of AWS Health events that are told together, one line per event, in one Slack
 * message edited in place (scheduled changes and account notifications: see goesToDigest). Pure: the
 * caller gives the time, so a replay builds the same digest.
 */

/** One event's line: only what AWS said of it, from the event's stored record. */
export interface DigestLine {
  /** The event key (healthKey): one line per event. */
  key: string;
  arn: string;
  account?: string;
  service: string;
  region: string;
  category: string;
  typeCode: string;
  status: string;
  startTime?: string;
  endTime?: string;
  /** The version the line tells; a line is never replaced by an older one. */
  lastUpdatedTime?: string;
  /** The first sentence of AWS's latest description; '' when AWS posted none. */
  summary: string;
}

export interface HealthDigest {
  /** Ordered (orderLines): upcoming and open first, closed last. */
  lines: DigestLine[];
  /** Events left out because the digest was full (the oldest still-open ones), counted so it can say so. */
  omitted?: number;
  /** When Lookout last changed the digest (ISO). */
  updatedAt: string;
}

export interface DigestSettings {
  /** How long a closed event stays listed after it ended. */
  closedKeepMs: number;
  /** Most lines kept; beyond it closed lines go first, then the open ones updated longest ago. */
  maxLines: number;
}

export const digestDefaults: DigestSettings = { closedKeepMs: 7 * 24 * 3600_000, maxLines: 100 };

const SUMMARY_MAX = 200;

/** The line an event's record becomes. */
export function digestLineOf(record: HealthRecord): DigestLine {
  return {
    key: record.key,
    arn: record.arn,
    ...(record.account ? { account: record.account } : {}),
    service: record.service,
    region: record.region,
    category: record.category,
    typeCode: record.typeCode,
    status: record.status,
    ...(record.startTime ? { startTime: record.startTime } : {}),
    ...(record.endTime ? { endTime: record.endTime } : {}),
    ...(record.lastUpdatedTime ? { lastUpdatedTime: record.lastUpdatedTime } : {}),
    summary: firstSentence(record.description),
  };
}

/**
 * The digest with `line` in it, or undefined when that changes nothing: the same line again (a
 * redelivery, a backup-region copy, another page), an older version than the one listed, or a closed
 * event already past the time closed ones are kept. Only a real change prunes expired closed lines and
 * applies the size bound, so a copy delivered again never edits the message.
 * @example withDigestLine(undefined, digestLineOf(record), '2023-03-01T09:00:05.000Z') // { lines: [line], updatedAt }
 */
export function withDigestLine(
  digest: HealthDigest | undefined,
  line: DigestLine,
  now: string,
  settings: DigestSettings = digestDefaults,
): HealthDigest | undefined {
  const lines = digest?.lines ?? [];
  const known = lines.find((l) => l.key === line.key);
  if (!known && isExpired(line, now, settings)) return undefined;
  if (known && compareVersions(line.lastUpdatedTime, known.lastUpdatedTime) < 0) return undefined;
  if (known && sameLine(known, line)) return undefined;
  const kept = [...lines.filter((l) => l.key !== line.key), line].filter(
    (l) => l.key === line.key || !isExpired(l, now, settings),
  );
  const ordered = orderLines(kept);
  const over = Math.max(0, ordered.length - settings.maxLines);
  const bounded = over ? dropForRoom(ordered, over) : { lines: ordered, omittedOpen: 0 };
  const omitted = (digest?.omitted ?? 0) + bounded.omittedOpen;
  return { lines: bounded.lines, ...(omitted ? { omitted } : {}), updatedAt: now };
}

/** Upcoming first (soonest start first), then open, then other statuses, then closed (latest ended first). */
export function orderLines(lines: readonly DigestLine[]): DigestLine[] {
  return [...lines].sort((a, b) => {
    const rank = statusRank(a.status) - statusRank(b.status);
    if (rank) return rank;
    const when = isClosed(a.status)
      ? -compareVersions(endOf(a), endOf(b))
      : compareVersions(a.startTime, b.startTime);
    if (when) return when;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

export function isActive(line: Pick<DigestLine, 'status'>): boolean {
  return !isClosed(line.status);
}

/** The event's page in the AWS Health Dashboard (made from its ARN, as runbooks' `{{healthUrl}}`). */
export function healthEventUrl(arn: string): string {
  return `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(arn)}&eventTab=details`;
}

/**
 * The first sentence of what AWS posted: its first non-empty line up to the first full stop (or ! ?)
 * followed by a space, cut at a word when longer than 200 characters; '' when AWS posted nothing.
 */
export function firstSentence(description: string, max: number = SUMMARY_MAX): string {
  const line =
    description
      .split(/\r?\n/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .find(Boolean) ?? '';
  const sentence = line.match(/^(.+?[.!?])(?:\s|$)/)?.[1] ?? line;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

function statusRank(status: string): number {
  const s = status.toLowerCase();
  if (s === 'upcoming') return 0;
  if (s === 'open') return 1;
  return isClosed(s) ? 3 : 2;
}

/** When a closed event ended: its end time, else the update that closed it. */
function endOf(line: DigestLine): string | undefined {
  return line.endTime ?? line.lastUpdatedTime;
}

function isExpired(line: DigestLine, now: string, settings: DigestSettings): boolean {
  if (!isClosed(line.status)) return false;
  const ended = Date.parse(endOf(line) ?? '');
  const at = Date.parse(now);
  // A closed event that gives no parseable end is kept until the size bound needs its room.
  return !Number.isNaN(ended) && !Number.isNaN(at) && at - ended > settings.closedKeepMs;
}

/** Makes room for `count` lines: closed ones first (ended longest ago), then the open ones updated longest ago. */
function dropForRoom(ordered: DigestLine[], count: number): { lines: DigestLine[]; omittedOpen: number } {
  const byAge = [...ordered].sort((a, b) => {
    const closed = Number(isActive(a)) - Number(isActive(b));
    if (closed) return closed;
    return isActive(a)
      ? compareVersions(a.lastUpdatedTime, b.lastUpdatedTime)
      : compareVersions(endOf(a), endOf(b));
  });
  const dropped = new Set(byAge.slice(0, count).map((l) => l.key));
  const omittedOpen = byAge.slice(0, count).filter(isActive).length;
  return { lines: ordered.filter((l) => !dropped.has(l.key)), omittedOpen };
}

function sameLine(a: DigestLine, b: DigestLine): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Keys in one order, so lines built in different ways compare equal when they say the same. */
function canonical(line: DigestLine): DigestLine {
  return {
    key: line.key,
    arn: line.arn,
    ...(line.account ? { account: line.account } : {}),
    service: line.service,
    region: line.region,
    category: line.category,
    typeCode: line.typeCode,
    status: line.status,
    ...(line.startTime ? { startTime: line.startTime } : {}),
    ...(line.endTime ? { endTime: line.endTime } : {}),
    ...(line.lastUpdatedTime ? { lastUpdatedTime: line.lastUpdatedTime } : {}),
    summary: line.summary,
  };
}
