/** Where a zone snapshot stands: resumable from `cursor`, compared only once complete. */
export interface SnapshotCheckpoint {
  zoneId: string;
  /** The snapshot in progress (absent between snapshots). */
  inProgress?: {
    snapshotId: string;
    startedAt: string;
    cursor?: { name: string; type: string; identifier?: string };
    pages: number;
  };
  lastCompleteAt?: string;
  lastCompleteId?: string;
  /** When the last complete snapshot started: every record set in the view was seen at or after it. */
  lastCompleteStartedAt?: string;
  /** Change History: the last change batch read (ADVANCED-tier zones). */
  changeHistoryCursor?: string;
  version: number;
}

/**
 * When the last complete snapshot started (undefined before the first). Checkpoints written before
 * Lookout stored it carry it in the snapshot id (`snap:<zoneId>:<startedAt>`).
 */
export function lastSnapshotStart(checkpoint: SnapshotCheckpoint): string | undefined {
  if (checkpoint.lastCompleteStartedAt) return checkpoint.lastCompleteStartedAt;
  const started = checkpoint.lastCompleteId?.split(':').slice(2).join(':');
  return started && !Number.isNaN(Date.parse(started)) ? started : undefined;
}
