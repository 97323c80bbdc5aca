import type { TimelineEntry } from '../../domain/incident.js';
import type { ControlPlaneChange } from '../../domain/route53/control-plane-change.js';
import { dnsTargetIdOf } from '../../domain/route53/record-set.js';
import { parseCloudTrailChange } from '../../sources/route53/cloudtrail-changes.js';
import type { Log } from '../logger.js';
import type { ControlPlaneIngest } from './control-plane-ingest.js';
import type { ZoneView } from './zone-view.js';

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
  const entries: TimelineEntry[] = [];
  for (const change of changes) entries.push(...(await deps.ingest.ingest(change)).entries);
  const applied = changes.filter((c) => !c.errorCode);
  if (!deps.zoneView || applied.length === 0) return { changes, entries, resnapshot: 'skipped' };
  const seen = new Set<string>();
  for (const change of applied) {
    const group = `${change.recordSet.key.zoneId}/${dnsTargetIdOf(change.recordSet.key)}`;
    if (seen.has(group)) continue;
    seen.add(group);
    const result = await deps.zoneView.resnapshot(
      change.recordSet.key,
      `resnap:${change.id}`,
      deps.now().toISOString(),
    );
    entries.push(...result.entries);
  }
  return { changes, entries, resnapshot: 'done' };
}
