import { groupHeadline } from '../calm/group-render.js';
import type { GroupLine, ReplyGroup } from '../calm/reply-group.js';
import { clockTime } from '../calm/text.js';
import { TIMELINE_WORDS } from './describe.js';
import { clean, kindColumn, paint, type TextOptions } from './text.js';
import { formatTime } from './time.js';

/** Lines of a group the terminal lists under its sentence; `lookout show` has them all. */
export const TERMINAL_GROUP_LINES = 5;

export interface GroupTextOptions extends TextOptions {
  /** At most this many of the group's newest lines (default TERMINAL_GROUP_LINES). */
  maxLines?: number;
}

/** `    07:48:12.345 UTC · enactor-2 · UPSERT · 10.0.0.1 · C0123`: the Slack list line, in plain text. */
export function formatGroupListLine(line: GroupLine, options: TextOptions = {}): string {
  const parts = [paint(clockTime(line.at, options.timeZone, 'ms'), 'dim', options)];
  if (line.writer) parts.push(clean(line.writer));
  if (line.action) parts.push(clean(line.action));
  if (line.action && line.values) parts.push(clean(line.values));
  if (line.changeId) parts.push(clean(line.changeId));
  if (!line.action) {
    const words = (TIMELINE_WORDS as Partial<Record<string, string>>)[line.kind] ?? line.kind;
    // Some entries already say what they are (`AWS Health update: AWS posted …`): not twice.
    const said = line.text.toLowerCase().startsWith(words.toLowerCase());
    parts.push(clean(said ? line.text : `${words}: ${line.text}`));
  }
  return `    ${parts.join(' · ')}`;
}

/**
 * A group of routine entries as the terminal prints it once its window closed: one line with the
 * sentence the Slack group reply has (groupHeadline), its newest few list lines, and where the rest are.
 * @example formatGroupText(group, 'Z123', { color: true }).join('\n')
 */
export function formatGroupText(
  group: ReplyGroup,
  targetId: string | undefined,
  options: GroupTextOptions = {},
): string[] {
  const kinds = Object.keys(group.kinds);
  const head = [
    paint(formatTime(group.firstAt, options.timeZone), 'dim', options),
    targetId ? clean(targetId) : undefined,
    kindColumn(kinds.length === 1 ? (kinds[0] as string) : 'ROUTINE', options),
    clean(groupHeadline(group, options.timeZone)),
    paint(`· incident ${clean(group.incidentId)}`, 'dim', options),
  ];
  const shown = group.lines.slice(-Math.max(0, options.maxLines ?? TERMINAL_GROUP_LINES));
  const more = group.count - shown.length;
  return [
    head.filter((p) => p !== undefined).join('  '),
    ...shown.map((l) => formatGroupListLine(l, options)),
    ...(more > 0 ? [`    … and ${more} more: lookout show ${clean(group.incidentId)}`] : []),
  ];
}
