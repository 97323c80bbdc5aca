import type { ControlPlaneChange, Writer } from './control-plane-change.js';
import { contentHash, type RecordSetContent, type RecordSetKey, recordSetId } from './record-set.js';

export const ABSENT = 'ABSENT';

/** One content a record set held, from when it became current. */
export interface RecordSetVersion {
  /** Content hash, or ABSENT when the record set did not exist. */
  hash: string;
  content?: RecordSetContent;
  since: string;
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

/** Appends a version when the content differs from the current one; the same content is no new version. */
export function withVersion(history: RecordSetHistory, version: RecordSetVersion): RecordSetHistory {
  if (currentVersion(history)?.hash === version.hash) return history;
  return { ...history, versions: [...history.versions, version].slice(-HISTORY_VERSIONS_KEPT) };
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

/** `enactor-3 (dns-enactor)` for an assumed-role session; the ARN's last part otherwise. */
export function writerLabel(writer: Writer | undefined): string {
  if (!writer) return 'unknown writer';
  if (writer.sessionName)
    return writer.roleName ? `${writer.sessionName} (${writer.roleName})` : writer.sessionName;
  return writer.principalArn.split(/[/:]/).at(-1) || writer.principalArn;
}
