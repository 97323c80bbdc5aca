import type { SlackMessage } from '../render/blocks.js';
import { fallbackText } from '../render/blocks.js';
import { escapeMrkdwn } from '../render/limits.js';
import { formatDuration } from '../render/time.js';
import { OTHER_KEY, type Storm } from './storm.js';
import { clockTime, context, minuteTime, oneLine, plural, section, spanWords } from './text.js';

/** Labels and causes named in the sentence; the rest are added up. */
const KINDS_NAMED = 8;
const CAUSES_NAMED = 3;

function byCount(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function kindsWords(counts: Record<string, number>): string {
  const sorted = byCount(counts);
  const named = sorted.filter(([k]) => k !== OTHER_KEY).slice(0, KINDS_NAMED);
  const rest = sorted.reduce((n, [, c]) => n + c, 0) - named.reduce((n, [, c]) => n + c, 0);
  const parts = named.map(([k, n]) => `${n} ${k}`);
  if (rest > 0) parts.push(`${rest} other`);
  return parts.join(', ');
}

function causeWords(counts: Record<string, number>): string {
  const sorted = byCount(counts);
  const named = sorted.filter(([k]) => k !== OTHER_KEY).slice(0, CAUSES_NAMED);
  const rest = sorted.reduce((n, [, c]) => n + c, 0) - named.reduce((n, [, c]) => n + c, 0);
  const parts = named.map(([cause, n]) => `${n} under ${cause}`);
  if (rest > 0) parts.push(`${rest} under other causes`);
  return parts.map((p) => `; ${p}`).join('');
}

/**
 * The storm's sentence, unescaped: `us-east-1: 37 incidents in 60 s — 12 EMPTY, 20 AWS Health,
 * 5 UNREACHABLE; 9 under resolver 10.0.0.53 down; started 07:48 UTC`, and once over
 * `… — over at 08:02 UTC (14 min)`. The region only when every incident named the same one.
 */
export function stormSentence(storm: Storm, timeZone?: string): string {
  const { incidents } = storm;
  const shared =
    incidents.regions.length === 1 && !incidents.regionMissing ? `${incidents.regions[0]}: ` : '';
  const span = spanWords(Date.parse(storm.lastAt) - Date.parse(storm.startedAt));
  const head = `${shared}${plural(incidents.total, 'incident', 'incidents')} in ${span}`;
  const started = `started ${minuteTime(storm.startedAt, timeZone)}`;
  const over = storm.endedAt
    ? ` — over at ${minuteTime(storm.endedAt, timeZone)} (${formatDuration(Date.parse(storm.endedAt) - Date.parse(storm.startedAt))})`
    : '';
  return `${head} — ${kindsWords(incidents.byKind)}${causeWords(incidents.byCause)}; ${started}${over}`;
}

/**
 * The one storm message of a channel, edited in place as incidents join and once it is over. `now`
 * is when this version was rendered (said in it, since the message is edited).
 * @example await slack.update(storm.ref, renderStormSummary(state.storm, now));
 */
export function renderStormSummary(storm: Storm, now: Date, timeZone?: string): SlackMessage {
  const sentence = stormSentence(storm, timeZone);
  const first = storm.topLevelIds.length;
  const thread = storm.endedAt ? 'are in this thread' : 'go to this thread';
  const where = first
    ? `the first ${first} ${first === 1 ? 'was' : 'were'} posted in the channel, the others ${thread}`
    : `all its incidents ${thread}`;
  const updated = clockTime(now.toISOString(), timeZone);
  const blocks = [
    section(`:cyclone: ${escapeMrkdwn(sentence)}`),
    context(`Storm \`${oneLine(storm.id, 200)}\` · ${where} · updated ${updated} · Lookout`),
  ];
  return { text: fallbackText(`Storm: ${sentence}`), blocks };
}
