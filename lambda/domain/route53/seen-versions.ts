import {
  ABSENT,
  currentVersion,
  type RecordSetHistory,
  type RecordSetVersion,
  withVersion,
} from './history.js';
import { currentFor } from './last-known-good.js';
import { contentHash, type RecordSetContent } from './record-set.js';

/*
 * What zone snapshots add to a record set's history. A snapshot sees contents, not changes: it knows a
 * content was there when it listed it, never who wrote it or exactly when. So a snapshot-seen version
 * carries the time it was first seen, the time the content before it was last seen (`changedAfter`),
 * and no writer — until Change History or CloudTrail explains it (see `withVersion`).
 */

/** One record set as Lookout's zone view holds it, and when a snapshot first saw that content. */
export interface ViewedRecordSet {
  content: RecordSetContent;
  hash: string;
  /** Absent for views stored before Lookout kept it. */
  firstSeen?: string;
}

/** A version only a snapshot saw: `content` undefined means the record set was gone. */
export function snapshotVersion(
  content: RecordSetContent | undefined,
  seenAt: string,
  changedAfter?: string,
): RecordSetVersion {
  return {
    hash: content ? contentHash(content) : ABSENT,
    ...(content ? { content } : {}),
    since: seenAt,
    ...(changedAfter !== undefined ? { changedAfter } : {}),
    source: 'route53-snapshot',
  };
}

/** One record set's difference between two snapshots. */
export interface SnapshotChange {
  /** Its content in the earlier snapshot (absent: added). */
  before?: RecordSetContent;
  /** When a snapshot first saw `before`. */
  beforeSeen?: string;
  /** Its content now (absent: deleted). */
  after?: RecordSetContent;
  /** When this snapshot saw `after`. */
  seenAt: string;
  /** When `before` was last seen: the change happened after this. */
  changedAfter?: string;
}

/**
 * The versions one snapshot difference adds: the content it replaced (unless the history already has
 * it current) and the content seen now. Idempotent: when the history's current version already holds
 * `after` — this difference applied before, or the change event that made it — nothing is added.
 */
export function withSnapshotChange(history: RecordSetHistory, change: SnapshotChange): RecordSetHistory {
  const afterHash = change.after ? contentHash(change.after) : ABSENT;
  if (currentVersion(history)?.hash === afterHash) return history;
  let next = history;
  if (change.before && currentVersion(history)?.hash !== contentHash(change.before)) {
    const seen = change.beforeSeen ?? change.changedAfter ?? change.seenAt;
    next = withVersion(next, snapshotVersion(change.before, seen));
  }
  return withVersion(
    next,
    snapshotVersion(change.after, change.seenAt, later(change.beforeSeen, change.changedAfter)),
  );
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * The history a restore chooses from: the stored versions plus what the zone view still holds (a
 * record set no snapshot ever saw change has no stored versions), and the time the latest version is
 * known to have been current until: now while Route 53 still holds it, else the last time it was seen.
 */
export function restoreHistory(input: {
  stored: RecordSetHistory;
  viewed?: ViewedRecordSet;
  /** Start of the last complete zone snapshot: everything in the view was seen then. */
  lastSnapshotStartedAt?: string;
  /** What Route 53 holds now (ABSENT when nothing). */
  currentHash: string;
  now: Date;
}): { history: RecordSetHistory; knownUntil: Date } {
  const { stored, viewed, lastSnapshotStartedAt } = input;
  let history = stored;
  const latest = currentVersion(stored);
  if (viewed && viewed.hash !== latest?.hash) {
    const firstSeen = viewed.firstSeen ?? lastSnapshotStartedAt;
    if (firstSeen && (!latest || Date.parse(firstSeen) >= Date.parse(latest.since))) {
      history = withVersion(stored, snapshotVersion(viewed.content, firstSeen));
    }
  }
  const current = currentVersion(history);
  if (!current || current.hash === input.currentHash) return { history, knownUntil: input.now };
  const seenByView =
    (viewed?.hash === current.hash ? later(lastSnapshotStartedAt, current.since) : undefined) ??
    current.since;
  return { history, knownUntil: new Date(Math.min(Date.parse(seenByView), input.now.getTime())) };
}

/** The longest any non-empty version is known to have been current, in whole seconds (for messages). */
export function longestSeenCurrent(history: RecordSetHistory, knownUntil: Date): number | undefined {
  let longest: number | undefined;
  history.versions.forEach((version, i) => {
    if (version.hash === ABSENT) return;
    const ms = currentFor(history.versions, i, knownUntil);
    longest = Math.max(longest ?? 0, Math.floor(ms / 1000));
  });
  return longest;
}
