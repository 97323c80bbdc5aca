import { dnsTargetIdOf, hashOf, type RecordSetContent, recordSetId, withoutHash } from './record-set.js';

export type RecordSetDiff =
  | { kind: 'RECORD_ADDED'; id: string; after: RecordSetContent }
  | { kind: 'RECORD_CHANGED'; id: string; before: RecordSetContent; after: RecordSetContent }
  | { kind: 'RECORD_DELETED'; id: string; before: RecordSetContent };

/** A name/type whose answer has become empty in Route 53 itself. */
export interface EmptiedGroup {
  /** `name/type`: the same id the DNS probe uses, so both sources meet in one incident. */
  targetId: string;
  why: 'deleted' | 'all-members-deleted' | 'all-weights-zero';
  before: RecordSetContent[];
  after: RecordSetContent[];
}

export interface SnapshotDiff {
  changes: RecordSetDiff[];
  emptied: EmptiedGroup[];
  /** Watched name/types that had no answer and have one again. */
  refilled: { targetId: string; after: RecordSetContent[] }[];
}

/**
 * Compares two complete snapshots of a zone. Only complete snapshots may be compared: a snapshot cut
 * short would read as mass deletion, so the poller never calls this with a partial one.
 */
export function diffSnapshots(
  previous: ReadonlyMap<string, RecordSetContent>,
  current: ReadonlyMap<string, RecordSetContent>,
  isWatched: (targetId: string) => boolean = () => true,
): SnapshotDiff {
  const changes: RecordSetDiff[] = [];
  for (const [id, after] of current) {
    const before = previous.get(id);
    if (!before) changes.push({ kind: 'RECORD_ADDED', id, after });
    else if (hashOf(before) !== hashOf(after)) changes.push({ kind: 'RECORD_CHANGED', id, before, after });
  }
  for (const [id, before] of previous)
    if (!current.has(id)) changes.push({ kind: 'RECORD_DELETED', id, before });

  const touched = new Set(changes.map((c) => dnsTargetIdOf(('after' in c ? c.after : c.before).key)));
  // One pass over each side groups the members of every touched name/type (a scan per group is
  // quadratic on a large zone).
  const beforeGroups = groupsOf(previous, touched);
  const afterGroups = groupsOf(current, touched);
  const emptied: EmptiedGroup[] = [];
  const refilled: SnapshotDiff['refilled'] = [];
  for (const targetId of touched) {
    if (!isWatched(targetId)) continue;
    const before = beforeGroups.get(targetId) ?? [];
    const after = afterGroups.get(targetId) ?? [];
    if (!answers(before)) {
      // Answering again (or for the first time): RECOVERED closes an EMPTY incident if one is open, and
      // is only logged otherwise.
      if (answers(after)) refilled.push({ targetId, after });
      continue;
    }
    if (after.length === 0) {
      emptied.push({ targetId, why: before.length > 1 ? 'all-members-deleted' : 'deleted', before, after });
    } else if (!answers(after)) {
      emptied.push({ targetId, why: 'all-weights-zero', before, after });
    }
  }
  return { changes, emptied, refilled };
}

function groupsOf(
  snapshot: ReadonlyMap<string, RecordSetContent>,
  targets: ReadonlySet<string>,
): Map<string, RecordSetContent[]> {
  const groups = new Map<string, RecordSetContent[]>();
  if (targets.size === 0) return groups;
  for (const r of snapshot.values()) {
    const targetId = dnsTargetIdOf(r.key);
    if (!targets.has(targetId)) continue;
    groups.set(targetId, [...(groups.get(targetId) ?? []), r]);
  }
  return groups;
}

/**
 * Whether a group of record sets for one name/type gives clients an answer. Weighted sets with every
 * weight at zero are what "all weights zero" means in the issue: Lookout treats that as empty, because
 * it almost always means automation drained every member (Route 53 then answers with all of them, but
 * the intent recorded in the zone is "send traffic nowhere").
 */
function answers(group: RecordSetContent[]): boolean {
  if (group.length === 0) return false;
  const weighted = group.filter((r) => r.weight !== undefined);
  if (weighted.length === group.length && weighted.every((r) => r.weight === 0)) return false;
  return group.some((r) => r.values.length > 0 || r.alias !== undefined);
}

export function snapshotMap(recordSets: readonly RecordSetContent[]): Map<string, RecordSetContent> {
  return new Map(recordSets.map((r) => [recordSetId(r.key), r]));
}

/**
 * The hash-first half of a zone diff, for large zones: given the stored view as id → hash and the new
 * snapshot streamed record by record (each carrying its hash), keeps only what differs. Everything a
 * full diff needs is then the changed record sets plus the stored members of the groups they touch.
 */
export class HashDiff {
  readonly seen = new Set<string>();
  readonly changed = new Map<string, RecordSetContent>();
  count = 0;

  constructor(private readonly stored: ReadonlyMap<string, string>) {}

  visit(recordSet: RecordSetContent & { hash?: string }): void {
    const id = recordSetId(recordSet.key);
    this.seen.add(id);
    this.count++;
    if (this.stored.get(id) !== hashOf(recordSet)) {
      this.changed.set(id, withoutHash(recordSet));
    }
  }

  /** Name/types with an added, changed or deleted member. */
  touchedTargets(): Set<string> {
    const touched = new Set<string>();
    for (const r of this.changed.values()) touched.add(dnsTargetIdOf(r.key));
    for (const id of this.stored.keys()) if (!this.seen.has(id)) touched.add(targetOfRecordSetId(id));
    return touched;
  }

  /** Stored ids whose group is touched: the `before` side to load. */
  storedIdsIn(touched: ReadonlySet<string>): string[] {
    return [...this.stored.keys()].filter((id) => touched.has(targetOfRecordSetId(id)));
  }

  /** The `after` side of the touched groups: changed record sets, plus unchanged members as stored. */
  after(before: ReadonlyMap<string, RecordSetContent>, touched: ReadonlySet<string>): RecordSetContent[] {
    const after = [...this.changed.values()].filter((r) => touched.has(dnsTargetIdOf(r.key)));
    for (const [id, r] of before) if (this.seen.has(id) && !this.changed.has(id)) after.push(r);
    return after;
  }
}

/** `name/TYPE` of a record-set id (`<zoneId>/<name>/<TYPE>[/<set identifier>]`). */
export function targetOfRecordSetId(id: string): string {
  const [, name = '', type = ''] = id.split('/');
  return `${name}/${type}`;
}
