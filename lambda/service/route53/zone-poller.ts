import type { TimelineEntry } from '../../domain/incident.js';
import { contentHash, type RecordSetContent } from '../../domain/route53/record-set.js';
import { HashDiff } from '../../domain/route53/snapshot-diff.js';
import type { Signal } from '../../domain/signals.js';
import type { ZoneView } from '../../engine/zone-view.js';
import type { PageCursor, Route53Reader } from '../../ports/route53.js';
import type { ServiceDeps } from '../../ports/service-deps.js';
import { ConcurrentUpdateError } from '../../store/errors.js';
import { lastSnapshotStart, type SnapshotCheckpoint } from '../../store/snapshot-checkpoint.js';
import type { Store } from '../../store/store.js';

export interface PollResult {
  zoneId: string;
  /** The snapshot reached its last page and was compared; false = it will resume next time. */
  complete: boolean;
  /** First complete snapshot of this zone: stored as the baseline, no signals. */
  baseline: boolean;
  pages: number;
  recordSets: number;
  signals: Signal[];
  entries: TimelineEntry[];
}

/**
 * Snapshots a hosted zone page by page (≤ 300 record sets each, through the rate-limited adapter),
 * keeping every page read so a snapshot cut short resumes from its last page. Only a complete snapshot
 * is compared with the stored view — a partial one would read as mass deletion — and only changed
 * record sets are written.
 */
export interface ZonePollerDeps extends ServiceDeps {
  store: Store;
  adapter: Route53Reader;
  zoneView: ZoneView;
  /** Epoch ms after which no page is read (a Lambda's end minus a margin): the snapshot resumes next poll. */
  deadline?: () => number;
  pageSize?: number;
}

export class ZonePoller {
  private readonly store: Store;
  private readonly adapter: Route53Reader;
  private readonly zoneView: ZoneView;
  private readonly options: ZonePollerDeps;

  constructor(deps: ZonePollerDeps) {
    this.store = deps.store;
    this.adapter = deps.adapter;
    this.zoneView = deps.zoneView;
    this.options = deps;
  }

  async poll(zoneId: string): Promise<PollResult> {
    let checkpoint = await this.store.recordSets.checkpoint(zoneId);
    const resumed = checkpoint.inProgress !== undefined;
    if (!checkpoint.inProgress) {
      const startedAt = this.options.now().toISOString();
      checkpoint = await this.claim({
        ...checkpoint,
        inProgress: { snapshotId: `snap:${zoneId}:${startedAt}`, startedAt, pages: 0 },
      });
    }
    const progress = checkpoint.inProgress as NonNullable<SnapshotCheckpoint['inProgress']>;
    if (resumed)
      this.options.log.info('resuming zone snapshot', {
        zoneId,
        snapshotId: progress.snapshotId,
        pages: progress.pages,
      });
    // The diff is built while listing: the stored view's hashes load beside the first pages, and a
    // resumed snapshot first replays the pages it had already read.
    const baseline = checkpoint.lastCompleteAt === undefined;
    const storedHashes = baseline
      ? Promise.resolve(new Map<string, string>())
      : this.store.recordSets.zoneHashes(zoneId);
    storedHashes.catch(() => {});
    let diff: HashDiff | undefined;
    const pending: RecordSetContent[][] = [];
    let loaded: Map<string, string> | undefined;
    storedHashes.then(
      (hashes) => {
        loaded = hashes;
      },
      () => {},
    );
    // Pages listed before the stored hashes arrive wait here; after that each page is diffed as it
    // comes and dropped, so the zone is never held in memory whole.
    const visit = async (recordSets: RecordSetContent[], wait: boolean) => {
      pending.push(recordSets);
      if (!loaded && !wait) return;
      diff ??= new HashDiff(loaded ?? (await storedHashes));
      for (const page of pending.splice(0)) for (const r of page) diff.visit(r);
    };
    if (resumed)
      await this.store.recordSets.forEachSeenRecordSet(zoneId, progress.snapshotId, (r) => pending.push([r]));
    let cursor: PageCursor | undefined = progress.cursor;
    let pages = progress.pages;
    // Every page was read before the run stopped (it stopped while completing): only completion is left.
    let done = resumed && pages > 0 && cursor === undefined;
    while (!done) {
      if (pages > 0 && this.options.deadline && Date.now() >= this.options.deadline()) {
        this.options.log.warn('zone snapshot paused at the deadline; it resumes on the next poll', {
          zoneId,
          pages,
        });
        return { zoneId, complete: false, baseline: false, pages, recordSets: 0, signals: [], entries: [] };
      }
      const page = await this.adapter.listRecordSetsPage(zoneId, cursor, this.options.pageSize ?? 300);
      // Hashed while listing (the limiter leaves time between pages), so the final diff only compares.
      const hashed = page.recordSets.map((r) => ({ ...r, hash: contentHash(r) }));
      await this.store.recordSets.putSeenPage(zoneId, progress.snapshotId, pages, hashed);
      // A first snapshot is the baseline: stored page by page, in the time the limiter leaves idle,
      // each record set first seen when its page was listed.
      if (baseline) await this.zoneView.baseline(hashed, this.options.now().toISOString());
      await visit(hashed, false);
      pages++;
      cursor = page.next;
      done = cursor === undefined;
      checkpoint = await this.claim({
        ...checkpoint,
        inProgress: { ...progress, pages, ...(cursor ? { cursor } : {}) },
      });
    }
    await visit([], true);
    return this.complete(zoneId, checkpoint, progress, pages, diff as HashDiff);
  }

  private async complete(
    zoneId: string,
    checkpoint: SnapshotCheckpoint,
    progress: NonNullable<SnapshotCheckpoint['inProgress']>,
    pages: number,
    diff: HashDiff,
  ): Promise<PollResult> {
    const { snapshotId } = progress;
    const now = this.options.now().toISOString();
    const baseline = checkpoint.lastCompleteAt === undefined;
    let signals: Signal[] = [];
    let entries: TimelineEntry[] = [];
    // Hash-first: only the groups (name/type) with a difference are loaded in full — never two copies
    // of the zone in memory.
    if (!baseline) {
      const touched = diff.touchedTargets();
      if (touched.size) {
        const before = await this.store.recordSets.recordSetsById(zoneId, diff.storedIdsIn(touched));
        const after = diff.after(before, touched);
        // What changed did so after the previous complete snapshot listed it, at or after its start.
        const changedAfter = lastSnapshotStart(checkpoint);
        ({ signals, entries } = await this.zoneView.apply(
          zoneId,
          [...before.values()],
          after,
          snapshotId,
          now,
          {
            changeEntries: true,
            ...(changedAfter ? { changedAfter } : {}),
          },
        ));
      }
    }
    const { inProgress: _done, ...rest } = checkpoint;
    await this.claim({
      ...rest,
      lastCompleteAt: now,
      lastCompleteId: snapshotId,
      lastCompleteStartedAt: progress.startedAt,
    });
    await this.store.recordSets.deleteSeenPages(zoneId, snapshotId);
    this.options.log.info('zone snapshot complete', {
      zoneId,
      pages,
      recordSets: diff.count,
      baseline,
      signals: signals.length,
    });
    return { zoneId, complete: true, baseline, pages, recordSets: diff.count, signals, entries };
  }

  /** Every checkpoint write is conditional: a second poller on the same zone stops instead of racing. */
  private async claim(checkpoint: SnapshotCheckpoint): Promise<SnapshotCheckpoint> {
    try {
      return await this.store.recordSets.saveCheckpoint(checkpoint);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) {
        throw new ConcurrentUpdateError(
          `snapshot of zone ${checkpoint.zoneId} (another poller is running it)`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
