import type { TimelineEntry } from '../domain/incident.js';
import type { RecordSetHistory } from '../domain/route53/history.js';
import {
  dnsTargetIdOf,
  type RecordSetContent,
  type RecordSetKey,
  withoutHash,
} from '../domain/route53/record-set.js';
import { withSnapshotChange } from '../domain/route53/seen-versions.js';
import {
  diffSnapshots,
  type EmptiedGroup,
  type RecordSetDiff,
  snapshotMap,
} from '../domain/route53/snapshot-diff.js';
import { zoneSignals } from '../domain/route53/zone-signals.js';
import type { Signal } from '../domain/signals.js';
import type { Route53Reader } from '../ports/route53.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import { lastSnapshotStart } from '../store/snapshot-checkpoint.js';
import type { Store } from '../store/store.js';
import { onConflict } from './conflicts.js';
import type { ControlPlaneIngest } from './control-plane-ingest.js';

const HISTORY_WRITES_AT_ONCE = 8;

export interface ZoneViewOptions {
  /** Whether EMPTY may be raised for this `name/type` (the zone's `names` filter). */
  isWatched: (zoneId: string, targetId: string) => boolean;
  /** Confirm EMPTY with Route 53's own name servers before alerting (public zones). */
  confirmEmpty: (zoneId: string) => boolean;
  /** Zones Lookout may read (its IAM role is scoped to the configured zones). */
  readable: (zoneId: string) => boolean;
}

export interface ZoneViewDeps extends ServiceDeps, ZoneViewOptions {
  store: Store;
  ingest: ControlPlaneIngest;
  /** None = offline (a replay without a Route 53 API): the stored view is kept, nothing is re-read. */
  adapter?: Route53Reader | undefined;
}

/**
 * Lookout's stored view of what Route 53 holds, and the one place a newer view is compared with it:
 * for a whole zone (the poller) or one name/type (re-snapshot after a CloudTrail event). Signals are
 * applied before the view is saved, with ids derived from `snapshotId`, so a crash in between repeats
 * the same signals (a no-op) rather than losing them.
 */
export class ZoneView {
  private readonly store: Store;
  private readonly ingest: ControlPlaneIngest;
  private readonly adapter: Route53Reader | undefined;
  private readonly options: ZoneViewDeps;

  constructor(deps: ZoneViewDeps) {
    this.store = deps.store;
    this.ingest = deps.ingest;
    this.adapter = deps.adapter;
    this.options = deps;
  }

  /** Whether this view can re-read record sets from Route 53 (false in an offline replay). */
  get online(): boolean {
    return this.adapter !== undefined;
  }

  /** Whether a change in this zone can be re-read: online, and a zone Lookout is configured to watch. */
  canReread(zoneId: string): boolean {
    return this.online && this.options.readable(zoneId);
  }

  /** Re-reads one name/type (all its set identifiers) from Route 53 and applies what changed. */
  async resnapshot(
    key: RecordSetKey,
    snapshotId: string,
    at: string,
  ): Promise<{ entries: TimelineEntry[]; signals: Signal[] }> {
    if (!this.adapter) return { entries: [], signals: [] };
    const targetId = dnsTargetIdOf(key);
    const before = await this.store.recordSets.groupRecordSets(key.zoneId, key.name, key.type);
    const page = await this.adapter.listRecordSetsPage(key.zoneId, { name: key.name, type: key.type }, 100);
    const after = page.recordSets.filter((r) => dnsTargetIdOf(r.key) === targetId);
    const changedAfter = lastSnapshotStart(await this.store.recordSets.checkpoint(key.zoneId));
    // The CloudTrail event that triggered this already put each change on the timeline, with its writer.
    return this.apply(key.zoneId, before, after, snapshotId, at, {
      changeEntries: false,
      ...(changedAfter ? { changedAfter } : {}),
    });
  }

  /**
   * Stores a page of a first complete snapshot as the baseline later ones are compared with: no
   * signals, and no history yet — each record set's first-seen time is kept in the view, and a version
   * is written only once a later snapshot sees it change (restore reads the view for the rest).
   */
  async baseline(recordSets: readonly RecordSetContent[], seenAt: string): Promise<void> {
    await this.store.recordSets.putRecordSets(recordSets, seenAt);
  }

  /**
   * Compares `before` and `after` (the same slice of one zone) and records the difference: signals,
   * then each changed record set's versions (seen at `at`; changed after `options.changedAfter`, when
   * the previous view was last seen), then the view itself.
   */
  async apply(
    zoneId: string,
    before: readonly RecordSetContent[],
    after: readonly RecordSetContent[],
    snapshotId: string,
    at: string,
    options: { changeEntries: boolean; changedAfter?: string } = { changeEntries: true },
  ): Promise<{ entries: TimelineEntry[]; signals: Signal[] }> {
    const diff = diffSnapshots(snapshotMap(strip(before)), snapshotMap(strip(after)), (targetId) =>
      this.options.isWatched(zoneId, targetId),
    );
    diff.emptied = await this.confirmed(zoneId, diff.emptied);
    const signals = zoneSignals(diff, at, snapshotId).filter(
      (s) => options.changeEntries || !s.kind.startsWith('RECORD_'),
    );
    const entries: TimelineEntry[] = [];
    for (const signal of signals) {
      const key = keyOf(zoneId, signal.targetId);
      entries.push(...(await this.ingest.applyAll([signal], { key })));
    }
    // Versions before the view: a crash in between sees the same difference again, which adds nothing.
    await this.recordVersions(zoneId, diff.changes, at, options.changedAfter);
    const upserts = diff.changes.flatMap((c) => (c.kind === 'RECORD_DELETED' ? [] : [c.after]));
    const deletions = diff.changes.flatMap((c) => (c.kind === 'RECORD_DELETED' ? [c.before.key] : []));
    await this.store.recordSets.putRecordSets(upserts, at);
    await this.store.recordSets.deleteRecordSets(deletions);
    return { entries, signals };
  }

  /** Each changed record set's history gains what the snapshot saw (no writer: a snapshot never knows it). */
  private async recordVersions(
    zoneId: string,
    changes: readonly RecordSetDiff[],
    seenAt: string,
    changedAfter: string | undefined,
  ): Promise<void> {
    if (changes.length === 0) return;
    const keyOfChange = (c: RecordSetDiff) => (c.kind === 'RECORD_DELETED' ? c.before : c.after).key;
    const [firstSeen, stored] = await Promise.all([
      this.store.recordSets.firstSeen(
        zoneId,
        changes.flatMap((c) => (c.kind === 'RECORD_ADDED' ? [] : [c.id])),
      ),
      this.store.recordSets.histories(changes.map(keyOfChange)),
    ]);
    const record = async (c: RecordSetDiff) => {
      const before = c.kind === 'RECORD_ADDED' ? undefined : c.before;
      const after = c.kind === 'RECORD_DELETED' ? undefined : c.after;
      const beforeSeen = firstSeen.get(c.id);
      const key = keyOfChange(c);
      // A change event saved this history meanwhile: read it again and merge into that.
      const merge = async (attempt: number) => {
        const history =
          attempt === 1 ? (stored.get(c.id) as RecordSetHistory) : await this.store.recordSets.history(key);
        const next = withSnapshotChange(history, {
          ...(before ? { before } : {}),
          ...(beforeSeen ? { beforeSeen } : {}),
          ...(after ? { after } : {}),
          seenAt,
          ...(changedAfter ? { changedAfter } : {}),
        });
        if (next === history) return;
        await this.store.recordSets.saveHistory(next);
      };
      await retry(merge, onConflict(6, { backoff: false }));
    };
    // One item per record set, so a few at a time: a mass change must not take the poller's whole run.
    for (let i = 0; i < changes.length; i += HISTORY_WRITES_AT_ONCE) {
      await Promise.all(changes.slice(i, i + HISTORY_WRITES_AT_ONCE).map(record));
    }
  }

  /** Drops EMPTY groups that Route 53's name servers still answer for (the API view was stale or partial). */
  private async confirmed(zoneId: string, emptied: EmptiedGroup[]): Promise<EmptiedGroup[]> {
    if (!this.adapter || !this.options.confirmEmpty(zoneId)) return emptied;
    const kept: EmptiedGroup[] = [];
    for (const group of emptied) {
      const [name = '', type = ''] = [
        group.targetId.slice(0, group.targetId.lastIndexOf('/')),
        group.targetId.slice(group.targetId.lastIndexOf('/') + 1),
      ];
      try {
        const answer = await this.adapter.testDnsAnswer(zoneId, name, type);
        if (
          answer.responseCode === 'NOERROR' &&
          answer.values.length > 0 &&
          group.why !== 'all-weights-zero'
        ) {
          this.options.log.warn('API shows the record set gone but Route 53 still answers it; not alerting', {
            zoneId,
            targetId: group.targetId,
            answer,
          });
          continue;
        }
      } catch (error) {
        // Private zones cannot be tested, and a failing test must not hide a real EMPTY.
        this.options.log.warn('TestDNSAnswer failed; alerting on the API view alone', {
          zoneId,
          targetId: group.targetId,
          error,
        });
      }
      kept.push(group);
    }
    return kept;
  }
}

function strip(recordSets: readonly RecordSetContent[]): RecordSetContent[] {
  return recordSets.map(withoutHash);
}

function keyOf(zoneId: string, targetId: string): RecordSetKey {
  const i = targetId.lastIndexOf('/');
  return { zoneId, name: targetId.slice(0, i), type: targetId.slice(i + 1) };
}
