import type { TimelineEntry } from '../../domain/incident.js';
import type { ControlPlaneChange } from '../../domain/route53/control-plane-change.js';
import { ABSENT, type RecordSetHistory, writerLabel } from '../../domain/route53/history.js';
import { dnsTargetIdOf } from '../../domain/route53/record-set.js';
import type { Signal } from '../../domain/signals.js';
import type { ControlPlaneIngest } from '../../engine/control-plane-ingest.js';
import type { ZoneView } from '../../engine/zone-view.js';
import type { Log } from '../../ports/log.js';
import { parseCloudTrailChange } from '../../sources/route53/cloudtrail-changes.js';

export interface ChangeEventResult {
  changes: ControlPlaneChange[];
  entries: TimelineEntry[];
  /** Whether the affected record sets were re-read from Route 53 after the change. */
  resnapshot: 'done' | 'skipped';
}

/**
 * One CloudTrail `ChangeResourceRecordSets` event (from EventBridge, or replayed from a file): every
 * change is attributed to its writer and applied to its record set's history (race signature), then the
 * affected record sets are re-read from Route 53 so an emptied record raises EMPTY within seconds. The
 * Lambda handler and `lookout replay` both call this. An invalid event throws InvalidEventError (with
 * the field named), which fails the invocation so the event reaches the dead-letter queue.
 */
export async function handleChangeEvent(
  event: unknown,
  deps: { ingest: ControlPlaneIngest; zoneView?: ZoneView; log: Log; now: () => Date },
): Promise<ChangeEventResult> {
  const changes = parseCloudTrailChange(event);
  const applied = changes.filter((c) => !c.errorCode);
  const view = deps.zoneView;
  const offline = !view?.online || applied.length === 0;
  const last = offline ? lastChanges(applied) : new Set<string>();
  const derive = (change: ControlPlaneChange, before: RecordSetHistory): Signal[] => {
    if (!last.has(change.id)) return [];
    if (change.action === 'DELETE') return [emptiedBy(change)];
    // A simple record set that CloudTrail last saw deleted is back: the EMPTY it implied is over.
    return wasDeleted(before, change.at) ? [refilledBy(change)] : [];
  };
  const entries: TimelineEntry[] = [];
  for (const change of changes) entries.push(...(await deps.ingest.ingest(change, derive)).entries);
  if (!view || offline) return { changes, entries, resnapshot: 'skipped' };
  const seen = new Set<string>();
  for (const change of applied) {
    if (!view.canReread(change.recordSet.key.zoneId)) continue;
    const group = `${change.recordSet.key.zoneId}/${dnsTargetIdOf(change.recordSet.key)}`;
    if (seen.has(group)) continue;
    seen.add(group);
    const result = await view.resnapshot(
      change.recordSet.key,
      `resnap:${change.id}`,
      deps.now().toISOString(),
    );
    entries.push(...result.entries);
  }
  return { changes, entries, resnapshot: 'done' };
}

/**
 * Without a Route 53 client to re-read from (an offline replay), the batch itself is the evidence: a
 * simple record set (no set identifier) whose last change in the batch is a DELETE is gone, and one
 * whose last change re-creates it after a DELETE is back. Weighted and other routing groups need the
 * re-read, which knows the other members. Returns the ids of each simple record set's last change.
 */
function lastChanges(changes: readonly ControlPlaneChange[]): Set<string> {
  const last = new Map<string, ControlPlaneChange>();
  for (const c of changes)
    if (c.recordSet.key.setIdentifier === undefined) last.set(dnsTargetIdOf(c.recordSet.key), c);
  return new Set([...last.values()].map((c) => c.id));
}

/** The newest version a known change wrote before `at` is the deletion. */
function wasDeleted(history: RecordSetHistory, at: string): boolean {
  const written = history.versions.filter((v) => v.source !== 'route53-snapshot' && v.since <= at);
  return written.at(-1)?.hash === ABSENT;
}

/** The RECOVERED a re-creating change implies (offline), applied with it. */
function refilledBy(change: ControlPlaneChange): Signal {
  const key = change.recordSet.key;
  const values = change.recordSet.values.join(', ');
  const verb = change.action === 'CREATE' ? 'created' : 'wrote';
  return impliedBy(
    change,
    'RECOVERED',
    `${key.name} ${key.type} has a record set again after ${writerLabel(change.writer)} ${verb} it${values ? ` (${values})` : ''}`,
  );
}

/** The EMPTY a DELETE implies, applied with the DELETE (and sequenced after it). */
function emptiedBy(change: ControlPlaneChange): Signal {
  const key = change.recordSet.key;
  return impliedBy(
    change,
    'EMPTY',
    `${key.name} ${key.type} has no record set after ${writerLabel(change.writer)} deleted it`,
  );
}

/** A signal read from the change itself (offline): CloudTrail is its only evidence, and it says so. */
function impliedBy(change: ControlPlaneChange, kind: 'EMPTY' | 'RECOVERED', what: string): Signal {
  const key = change.recordSet.key;
  return {
    kind,
    targetId: dnsTargetIdOf(key),
    at: change.at,
    observationId: `${change.id}:${kind}`,
    summary: `${what}${change.changeId ? ` (change ${change.changeId})` : ''} — seen in CloudTrail, not re-read from Route 53`,
    evidence: [],
    source: change.source,
    changes: [change],
    facts: {
      name: key.name,
      type: key.type,
      zoneId: key.zoneId,
      writer: writerLabel(change.writer),
      ...(change.changeId ? { changeId: change.changeId } : {}),
    },
  };
}
