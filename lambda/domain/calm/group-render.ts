import type { Block, SlackMessage } from '../render/blocks.js';
import { capBlocks, fallbackText } from '../render/blocks.js';
import { TIMELINE_WORDS } from '../render/describe.js';
import { escapeMrkdwn, packLines, SLACK_LIMITS, truncate } from '../render/limits.js';
import type { GroupLine, ReplyGroup } from './reply-group.js';
import { clockTime, context, oneLine, plural, section, spanWords } from './text.js';

/** How each routine kind is counted in a group's sentence (one, many). */
const KIND_NOUNS: Partial<Record<string, [string, string]>> = {
  RECORD_CHANGED: ['record change', 'record changes'],
  RECORD_ADDED: ['record set added', 'record sets added'],
  RECORD_DELETED: ['record set deleted', 'record sets deleted'],
  CHANGED: ['answer change', 'answer changes'],
  HEALTH_UPDATE: ['AWS Health update', 'AWS Health updates'],
  NOTE: ['note from automation', 'notes from automation'],
};
/** Writers named in the sentence; the rest are counted. */
const WRITERS_NAMED = 5;
/** One list line, after escaping: 25 of them fit in a few sections. */
const LINE_MAX = 400;

function kindCount(kind: string, n: number): string {
  const [one, many] = KIND_NOUNS[kind] ?? [`${kind} entry`, `${kind} entries`];
  return plural(n, one, many);
}

function writersWords(group: ReplyGroup): string {
  if (!group.writers.length) return '';
  const named = group.writers.slice(0, WRITERS_NAMED).join(', ');
  const rest = group.writers.length - WRITERS_NAMED;
  if (rest > 0) return ` by ${named} and ${rest}${group.moreWriters ? '+' : ''} more`;
  return ` by ${named}${group.moreWriters ? ' and others' : ''}`;
}

function whenWords(group: ReplyGroup, timeZone?: string): string {
  const first = clockTime(group.firstAt, timeZone);
  if (group.count === 1) return ` at ${first}`;
  const span = Date.parse(group.lastAt) - Date.parse(group.firstAt);
  if (span === 0) return ` all at ${first}`;
  return ` in ${spanWords(span)}`;
}

/**
 * The group's sentence, unescaped: `14 record changes by enactor-1, enactor-2 in 1.4 s`, or with
 * several kinds `16 updates (14 record changes, 2 answer changes) by … in 2.0 s`.
 */
export function groupHeadline(group: ReplyGroup, timeZone?: string): string {
  const kinds = Object.entries(group.kinds).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const counted =
    kinds.length === 1
      ? kindCount((kinds[0] as [string, number])[0], group.count)
      : `${plural(group.count, 'update', 'updates')} (${kinds.map(([k, n]) => kindCount(k, n)).join(', ')})`;
  return `${counted}${writersWords(group)}${whenWords(group, timeZone)}`;
}

/** `• 07:48:12.345 UTC · enactor-2 · UPSERT · 10.0.0.1 · C0123` (escaped, one line). */
export function lineText(line: GroupLine, timeZone?: string): string {
  const parts = [clockTime(line.at, timeZone, 'ms')];
  if (line.writer) parts.push(`*${oneLine(line.writer, 128)}*`);
  if (line.action) parts.push(oneLine(line.action, 64));
  if (line.action && line.values) parts.push(oneLine(line.values, 300));
  if (line.changeId) parts.push(`\`${oneLine(line.changeId, 64)}\``);
  if (!line.action) {
    const words = (TIMELINE_WORDS as Partial<Record<string, string>>)[line.kind] ?? line.kind;
    // An entry whose text already starts with its kind's words ("AWS Health update: …") says it once.
    const said = line.text.toLowerCase().startsWith(words.toLowerCase());
    parts.push(oneLine(said ? line.text : `${words}: ${line.text}`, LINE_MAX));
  }
  return truncate(`• ${parts.join(' · ')}`, LINE_MAX, '…');
}

/**
 * The one thread reply of a group, rendered again each time it grows: the sentence, the newest lines,
 * and how many earlier ones are left to `/lookout show`. Within Slack's limits for any group.
 * @example await slack.update(ref, renderGroupReply(group));
 */
export function renderGroupReply(group: ReplyGroup, timeZone?: string): SlackMessage {
  const head = groupHeadline(group, timeZone);
  const id = oneLine(group.incidentId, 200);
  const blocks: Block[] = [section(escapeMrkdwn(head))];
  const lines = group.lines.map((l) => lineText(l, timeZone));
  blocks.push(...packLines(lines, SLACK_LIMITS.sectionText).map(section));
  const dropped = group.count - group.lines.length;
  if (dropped > 0)
    blocks.push(context(`… and ${dropped} earlier not shown — \`/lookout show ${id}\` has them all`));
  blocks.push(context(`Incident \`${id}\` · routine entries grouped · Lookout`));
  return { text: fallbackText(`${head} (incident ${group.incidentId})`), blocks: capBlocks(blocks) };
}
