import { formatTime } from '../render/time.js';
import type { ControlPlaneChange, Writer } from './control-plane-change.js';
import { contentHash, type RecordSetContent, type RecordSetKey, recordSetId } from './record-set.js';

export const ABSENT = 'ABSENT';

/** One content a record set held, from when it became current. */
export interface RecordSetVersion {
  /** Content hash, or ABSENT when the record set did not exist. */
  hash: string;
  content?: RecordSetContent;
  /**
   * When it became current: a change's own time, or for a version only a zone snapshot saw, when a
   * snapshot first saw it (it became current between `changedAfter` and then).
   */
  since: string;
  /**
   * Snapshot-seen versions only: the last time the version before it was seen, so the change happened
   * after this. The version before counts as current only until here, never until `since`.
   */
  changedAfter?: string;
  /** Who made it; absent when only a snapshot saw it (a snapshot never knows the writer). */
  writer?: Writer;
  changeId?: string;
  source: ControlPlaneChange['source'] | 'route53-snapshot';
}

/** What Lookout remembers about one record set: its versions and its recent writers. */
export interface RecordSetHistory {
  id: string;
  key: RecordSetKey;
  /** Oldest first, bounded. */
  versions: RecordSetVersion[];
  /** Recent writes (for the race signature), pruned to the window. */
  writes: { at: string; principalArn: string; hash: string; own: boolean }[];
  /** Ids of control-plane changes already applied (bounded): a replayed event changes nothing. */
  appliedChanges: string[];
  /** Start of the window in which CONCURRENT_WRITERS was already raised (one alert per episode). */
  concurrentAlertedAt?: string;
  /**
   * Signals computed from the last change and not yet applied to incidents: saved with the history in
   * one conditional write, so a crash in between is healed by the next ingest (as for target state).
   */
  pendingSignals: import('../signals.js').Signal[];
  /** Optimistic-concurrency version of the stored item. */
  version: number;
}

export const HISTORY_VERSIONS_KEPT = 50;
const APPLIED_KEPT = 200;

export function emptyHistory(key: RecordSetKey): RecordSetHistory {
  return {
    id: recordSetId(key),
    key,
    versions: [],
    writes: [],
    appliedChanges: [],
    pendingSignals: [],
    version: 0,
  };
}

export function currentVersion(history: RecordSetHistory): RecordSetVersion | undefined {
  return history.versions.at(-1);
}

/**
 * Adds a version where it belongs in time (a change read late, from Change History or a delayed
 * CloudTrail event, goes before the versions seen after it). The same content as the version current at
 * that time is no new version — except that a change with its writer replaces the snapshot-seen version
 * it explains (same content, within the window the snapshot left open), so a snapshot and the change
 * behind it become one version with the change's time and writer.
 */
export function withVersion(history: RecordSetHistory, version: RecordSetVersion): RecordSetHistory {
  const versions = history.versions;
  const at = Date.parse(version.since);
  let i = versions.length;
  while (i > 0 && Date.parse((versions[i - 1] as RecordSetVersion).since) > at) i--;
  const previous = versions[i - 1];
  const next = versions[i];
  const replace = (index: number) => ({
    ...history,
    versions: versions.map((v, j) => (j === index ? version : v)),
  });
  if (previous?.hash === version.hash) {
    return explains(version, previous) ? replace(i - 1) : history;
  }
  if (next?.hash === version.hash && version.source !== 'route53-snapshot' && fitsWindow(version, next)) {
    return replace(i);
  }
  const merged = [...versions.slice(0, i), version, ...versions.slice(i)];
  return { ...history, versions: merged.slice(-HISTORY_VERSIONS_KEPT) };
}

/** A change (with its writer) explains a snapshot-seen version of the same content made at the same time. */
function explains(change: RecordSetVersion, seen: RecordSetVersion): boolean {
  return (
    seen.source === 'route53-snapshot' && change.source !== 'route53-snapshot' && fitsWindow(change, seen)
  );
}

/** The change happened after the content before `later` was last seen, and no later than `later` began. */
function fitsWindow(change: RecordSetVersion, later: RecordSetVersion): boolean {
  const at = Date.parse(change.since);
  return (
    at <= Date.parse(later.since) && (later.changedAfter === undefined || at > Date.parse(later.changedAfter))
  );
}

export function versionOfChange(change: ControlPlaneChange): RecordSetVersion {
  const absent = change.action === 'DELETE';
  return {
    hash: absent ? ABSENT : contentHash(change.recordSet),
    ...(absent ? {} : { content: change.recordSet }),
    since: change.at,
    writer: change.writer,
    ...(change.changeId ? { changeId: change.changeId } : {}),
    source: change.source,
  };
}

export function markApplied(history: RecordSetHistory, changeId: string): RecordSetHistory {
  return { ...history, appliedChanges: [...history.appliedChanges, changeId].slice(-APPLIED_KEPT) };
}

/**
 * Where a version comes from, for a person choosing it: `since <time>, by <writer>` for a change, and
 * for a version only a snapshot saw, that — never a writer or a start time nobody recorded. Times in
 * `timeZone` (UTC when absent).
 */
export function versionOrigin(version: RecordSetVersion, timeZone?: string): string {
  const since = formatTime(version.since, timeZone);
  if (version.source === 'route53-snapshot' && !version.writer) {
    return `first seen ${since} by a zone snapshot, writer unknown`;
  }
  return `since ${since}, by ${writerLabel(version.writer)}`;
}

/** `enactor-3 (dns-enactor)` for an assumed-role session; the ARN's last part otherwise. */
export function writerLabel(writer: Writer | undefined): string {
  if (!writer) return 'unknown writer';
  if (writer.sessionName)
    return writer.roleName ? `${writer.sessionName} (${writer.roleName})` : writer.sessionName;
  return writer.principalArn.split(/[/:]/).at(-1) || writer.principalArn;
}
