// Result shape of the section (rendered by report.ts) and what the poller child sends the service side.

import type { Summary } from '../stats.js';
import type { MIX } from './constants.js';

export interface PhaseItem {
  phase: 'listing' | 'completion';
  item: string;
  calls: number;
  ms: number;
  /** Largest heapUsed seen when one of these calls returned (what the step left live, before GC). */
  heapAfterBytes: number;
}

export interface SnapshotRun {
  label: string;
  wallMs: number;
  /** poll() start → last ListResourceRecordSets response. */
  listingMs: number;
  /** Last page → poll() returned: read seen pages, read stored view, baseline/diff, writes. */
  completionMs: number;
  cpuMs: number;
  pages: number;
  recordSets: number;
  expectedRecordSets: number;
  /** Limiter tokens the poll took (ListResourceRecordSets pages + TestDNSAnswer confirmations). */
  limiterTokens: number;
  /** Token-bucket floor at Lookout's limiter: (tokens − burst) ÷ rate. */
  floorMs: number;
  /** The same, listing pages only. */
  listingFloorMs: number;
  /** The brief's rough floor: pages ÷ rate. */
  pagesOverRateMs: number;
  /** Floor for the same pages at the account limit: (pages − 50) ÷ 10/s. */
  accountFloorMs: number;
  server: {
    requests: number;
    ok: number;
    throttled: number;
    otherErrors: number;
    byOperation: Record<string, number>;
  };
  signals: Record<string, number>;
  breakdown: PhaseItem[];
  memory: { peakRssBytes: number; peakHeapUsedBytes: number; vmHwmBytes: number; rssAtStartBytes: number };
}

export interface Route53SnapshotResult {
  zone: { seeded: number; totalRecordSets: number; recordQuota: number; mix: typeof MIX };
  limiter: { perSecond: number; burst: number };
  account: { perSecond: number; burst: number };
  changes: {
    requests: number;
    recordSets: number;
    throttled: number;
    expected: { changed: number; deleted: number; emptied: number; finalRecordSets: number };
  };
  runs: SnapshotRun[];
  correctness: { name: string; expected: number; actual: number; ok: boolean }[];
  diff: {
    recordSetsBefore: number;
    recordSetsAfter: number;
    changes: number;
    emptied: number;
    /** diffSnapshots(previous, current) alone, CPU time (process.cpuUsage). */
    cpuMs: Summary;
    wallMs: Summary;
    /** For comparison: a full-map diff of both views (strip + snapshotMap × 2 + diffSnapshots, every record hashed). */
    applyShapeCpuMs: Summary;
    /** Self time by function in one profiled diffSnapshots call (V8 sampling profiler, 0.1 ms). */
    profile: { fn: string; ms: number; share: number }[];
    profiledMs: number;
    /** The two hot spots, measured directly on the same maps. */
    parts: { contentHashCalls: number; contentHashMs: number; groupScans: number; groupScanMs: number };
    /** Heap one copy of the current view takes (after GC): the array of objects, and a snapshotMap over it. */
    heap: { viewArrayBytes: number; viewMapBytes: number };
  };
  memory: {
    method: string;
    pollerVmHwmBytes: number;
    pollerVmHwmAfterDiffBytes: number;
    serviceVmHwmBytes: number;
  };
  seconds: number;
}

/** A run as the poller measures it; the service side adds the floors and the server's counts. */
export type PollerRun = Omit<
  SnapshotRun,
  'expectedRecordSets' | 'floorMs' | 'listingFloorMs' | 'pagesOverRateMs' | 'accountFloorMs' | 'server'
>;

/** IPC messages from the poller child to the service side. */
export type FromPoller =
  | { kind: 'run'; run: PollerRun }
  | { kind: 'diff'; diff: Route53SnapshotResult['diff']; vmHwmAfterDiffBytes: number };
