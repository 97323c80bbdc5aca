import type { TimelineEntry } from '../../domain/incident.js';
import type { ControlPlaneIngest } from '../../engine/control-plane-ingest.js';
import type { ChangeHistoryReader } from '../../ports/change-history.js';
import type { Log } from '../../ports/log.js';
import { toControlPlaneChanges } from '../../sources/route53/change-history-client.js';
import type { Store } from '../../store/store.js';

export interface ChangeHistoryRead {
  available: boolean;
  batches: number;
  changes: number;
  entries: TimelineEntry[];
}

/**
 * Reads a zone's Change History (ADVANCED tier) from the last change batch processed, and feeds each
 * change — with its writer's principal, from any region — through the same ingest as CloudTrail events.
 * CloudTrail stays the faster path; a change seen both ways is applied once (same change id and index).
 * On STANDARD zones Route 53 answers FeatureNotEnabled, which only means "not available here".
 */
export async function readChangeHistory(
  zoneId: string,
  deps: {
    client: ChangeHistoryReader;
    store: Store;
    ingest: ControlPlaneIngest;
    log: Log;
    maxBatches?: number;
  },
): Promise<ChangeHistoryRead> {
  const checkpoint = await deps.store.recordSets.checkpoint(zoneId);
  const listed = await deps.client.listChangeBatches(zoneId, {
    ...(checkpoint.changeHistoryCursor ? { startAfterChangeId: checkpoint.changeHistoryCursor } : {}),
    maxItems: deps.maxBatches ?? 100,
  });
  if (!listed.available) {
    deps.log.debug('Change History not available for this zone (STANDARD tier)', { zoneId });
    return { available: false, batches: 0, changes: 0, entries: [] };
  }
  const entries: TimelineEntry[] = [];
  let changes = 0;
  let cursor = checkpoint.changeHistoryCursor;
  for (const summary of listed.batches) {
    const detail = await deps.client.getChangeBatch(zoneId, summary.changeId);
    if (!detail.available) break;
    for (const change of toControlPlaneChanges(zoneId, detail.batch)) {
      entries.push(...(await deps.ingest.ingest(change)).entries);
      changes++;
    }
    cursor = summary.changeId;
  }
  if (cursor !== checkpoint.changeHistoryCursor) {
    // Re-read right before saving: the snapshot may have moved the checkpoint on meanwhile.
    const latest = await deps.store.recordSets.checkpoint(zoneId);
    await deps.store.recordSets.saveCheckpoint({ ...latest, changeHistoryCursor: cursor as string });
  }
  return { available: true, batches: listed.batches.length, changes, entries };
}
