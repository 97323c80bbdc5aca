import type { Block } from '../render/blocks.js';
import { escapeMrkdwn, nonEmpty, SLACK_LIMITS, truncate } from '../render/limits.js';
import { formatDuration, formatTime, type TimePrecision } from '../render/time.js';

/** `07:48:12 UTC` (or `08:48:12 UTC+01:00`): formatTime without the date, for times within one episode. */
export function clockTime(iso: string, timeZone?: string, precision: TimePrecision = 's'): string {
  return formatTime(iso, timeZone, precision).replace(/^\d{4}-\d{2}-\d{2} /, '');
}

/** `07:48 UTC`: to the minute, for when a storm started or ended. */
export function minuteTime(iso: string, timeZone?: string): string {
  return clockTime(iso, timeZone).replace(/^(\d{2}:\d{2}):\d{2}/, '$1');
}

/**
 * How long a burst took: tenths of a second under ten seconds (`1.4 s`: racing writers are that
 * fast), whole units above (formatDuration).
 */
export function spanWords(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return formatDuration(ms);
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  return formatDuration(ms);
}

/** Outside words on one line, escaped, at most `max` characters (a stored field or a list item). */
export function oneLine(text: string, max: number): string {
  return truncate(escapeMrkdwn(text.replace(/\s*[\r\n]+\s*/g, ' ')), max, '…');
}

/** Cuts a stored field (unescaped) so a group or storm stays small however long the outside words. */
export function bounded(text: string, max: number): string {
  return truncate(text.replace(/\s*[\r\n]+\s*/g, ' '), max, '…');
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function section(text: string): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(nonEmpty(text), SLACK_LIMITS.sectionText) },
  };
}

export function context(text: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(nonEmpty(text), SLACK_LIMITS.contextText) }],
  };
}
