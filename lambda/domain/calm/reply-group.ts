import type { TimelineEntry } from '../incident.js';
import type { ControlPlaneChange, Writer } from '../route53/control-plane-change.js';
import { bounded } from './text.js';

export { renderGroupReply } from './group-render.js';

/** Lines a group keeps (the newest); the count and `/lookout show` tell the rest. */
export const MAX_GROUP_LINES = 25;
/** Distinct writers a group names. */
export const MAX_GROUP_WRITERS = 20;
/** Outbox seqs remembered so a redelivered item changes nothing (older ones are long delivered). */
export const MAX_GROUP_SEQS = 200;

/** Stored field lengths: a group is one stored item, whatever the entries say. */
const FIELD_MAX = { writer: 128, action: 64, values: 300, changeId: 64, text: 300, kind: 40 } as const;

/** One routine entry as the group's list shows it: time, writer, action, values, change id. */
export interface GroupLine {
  at: string;
  kind: string;
  writer?: string;
  action?: string;
  values?: string;
  changeId?: string;
  text: string;
}

/** Routine entries of one incident shown as ONE thread reply, edited in place as more arrive. */
export interface ReplyGroup {
  /** The entryId of its first entry. */
  id: string;
  incidentId: string;
  /** When the group was opened, by the delivery clock (ISO): the window runs from here. */
  openedAt: string;
  /** The earliest and latest of the entries' own times. */
  firstAt: string;
  lastAt: string;
  count: number;
  kinds: Record<string, number>;
  /** Distinct writers, the first MAX_GROUP_WRITERS. */
  writers: string[];
  /** Added: a further distinct writer arrived once `writers` was full. */
  moreWriters?: boolean;
  /** The newest MAX_GROUP_LINES lines, oldest first. */
  lines: GroupLine[];
  /** Outbox seqs included (the last MAX_GROUP_SEQS), for idempotency. */
  seqs: string[];
  closed?: boolean;
}

/** A Route 53 writer as a person knows it: the session (`enactor-2`), else the role, else the principal. */
export function writerName(writer: Writer): string {
  return writer.sessionName || writer.roleName || writer.principalArn;
}

function changeValues(change: ControlPlaneChange): string {
  const rs = change.recordSet;
  if (rs.alias) return `alias ${rs.alias.dnsName}`;
  return rs.values.length ? rs.values.join(', ') : '(no values)';
}

/** What clients were answered, for an answer change from the probe (distinct values). */
function answerValues(entry: TimelineEntry): string | undefined {
  const values = [
    ...new Set((entry.evidence ?? []).filter((o) => o.kind === 'ANSWER').flatMap((o) => o.values)),
  ];
  return values.length ? values.join(', ') : undefined;
}

/** The line for one entry: its first control-plane change when it has one (the rest are counted). */
export function groupLine(entry: TimelineEntry): GroupLine {
  const [change, ...others] = entry.changes ?? [];
  const line: GroupLine = {
    at: entry.at,
    kind: bounded(entry.kind, FIELD_MAX.kind),
    text: bounded(entry.text, FIELD_MAX.text),
  };
  if (change) {
    line.writer = bounded(writerName(change.writer), FIELD_MAX.writer);
    const failed = change.errorCode ? ` (failed: ${change.errorCode})` : '';
    line.action = bounded(`${change.action}${failed}`, FIELD_MAX.action);
    const more = others.length ? ` (+${others.length} more in the batch)` : '';
    line.values = `${bounded(changeValues(change), FIELD_MAX.values - more.length)}${more}`;
    if (change.changeId) line.changeId = bounded(change.changeId, FIELD_MAX.changeId);
  } else {
    const values = answerValues(entry);
    if (values) line.values = bounded(values, FIELD_MAX.values);
  }
  return line;
}

function entryWriters(entry: TimelineEntry): string[] {
  return (entry.changes ?? []).map((c) => bounded(writerName(c.writer), FIELD_MAX.writer));
}

/**
 * A new group for a routine entry that found no open group to join.
 * @example const group = openGroup(entry, item.seq, now);
 */
export function openGroup(entry: TimelineEntry, seq: string, now: Date): ReplyGroup {
  const empty: ReplyGroup = {
    id: entry.entryId,
    incidentId: entry.incidentId,
    openedAt: now.toISOString(),
    firstAt: entry.at,
    lastAt: entry.at,
    count: 0,
    kinds: {},
    writers: [],
    lines: [],
    seqs: [],
  };
  return add(empty, entry, seq);
}

/**
 * The group with one more entry. Idempotent: a seq already included returns the group unchanged, so
 * an outbox item delivered twice is counted once.
 */
export function joinGroup(group: ReplyGroup, entry: TimelineEntry, seq: string): ReplyGroup {
  if (group.seqs.includes(seq)) return group;
  return add(group, entry, seq);
}

function add(group: ReplyGroup, entry: TimelineEntry, seq: string): ReplyGroup {
  const kind = bounded(entry.kind, FIELD_MAX.kind);
  const writers = [...group.writers];
  let moreWriters = group.moreWriters ?? false;
  for (const w of entryWriters(entry)) {
    if (writers.includes(w)) continue;
    if (writers.length < MAX_GROUP_WRITERS) writers.push(w);
    else moreWriters = true;
  }
  // Sorted by the entries' own time (stable), so a late delivery of an earlier entry sits in place.
  const lines = [...group.lines];
  const line = groupLine(entry);
  let i = lines.length;
  while (i > 0 && isAfter((lines[i - 1] as GroupLine).at, line.at)) i--;
  lines.splice(i, 0, line);
  const first = group.count === 0 || isAfter(group.firstAt, entry.at);
  const last = group.count === 0 || isAfter(entry.at, group.lastAt);
  return {
    ...group,
    firstAt: first ? entry.at : group.firstAt,
    lastAt: last ? entry.at : group.lastAt,
    count: group.count + 1,
    kinds: { ...group.kinds, [kind]: (group.kinds[kind] ?? 0) + 1 },
    writers,
    ...(moreWriters ? { moreWriters: true } : {}),
    lines: lines.slice(-MAX_GROUP_LINES),
    seqs: [...group.seqs, seq].slice(-MAX_GROUP_SEQS),
  };
}

/** By time when both parse (`…12Z` and `…12.345Z` do not sort as strings), else as strings. */
function isAfter(a: string, b: string): boolean {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isNaN(x) || Number.isNaN(y) ? a > b : x > y;
}

/** Whether a routine entry delivered at `now` may still join the group (else a new group opens). */
export function mayJoin(group: ReplyGroup, now: Date, windowMs: number): boolean {
  return !group.closed && now.getTime() - Date.parse(group.openedAt) < windowMs;
}
