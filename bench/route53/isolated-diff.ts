// The diff timed in isolation in the poller process after the runs: the poller's hash-first diff on the
// two stored 100k views (CPU median), a full-map diff for comparison, the two hot spots timed directly,
// and one V8-profiled diffSnapshots call.
import { readFile } from 'node:fs/promises';
import type { RecordSetContent } from '../../lambda/domain/route53/record-set.js';
import { progress, summarize } from '../stats.js';
import type { Route53SnapshotResult } from './types.js';

/** diffSnapshots on the two 100k views alone: CPU time (median of `runs`), one profile, the hot spots. */
export async function isolatedDiff(
  beforeFile: string,
  afterFile: string,
  runs: number,
): Promise<Route53SnapshotResult['diff']> {
  const { diffSnapshots, snapshotMap } = await import('../../lambda/domain/route53/snapshot-diff.js');
  const { contentHash, dnsTargetIdOf } = await import('../../lambda/domain/route53/record-set.js');
  // gc is exposed in this process only for this step (after the runs' memory was read).
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const heapNow = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const afterText = await readFile(afterFile, 'utf8');
  const h0 = heapNow();
  const after = JSON.parse(afterText) as RecordSetContent[];
  const h1 = heapNow();
  const current = snapshotMap(after);
  const h2 = heapNow();
  const before = JSON.parse(await readFile(beforeFile, 'utf8')) as RecordSetContent[];
  const previous = snapshotMap(before);
  const cpuSamples: number[] = [];
  const wallSamples: number[] = [];
  const applySamples: number[] = [];
  let last: ReturnType<typeof diffSnapshots> | undefined;
  const cpuOf = (fn: () => void) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
  };
  // The poller's diff (ZonePoller.complete): hash-first over the snapshot — whose hashes were computed
  // while listing, between limiter tokens, so not timed here — against the stored id → hash view, then
  // diffSnapshots on the touched groups only.
  const { HashDiff } = await import('../../lambda/domain/route53/snapshot-diff.js');
  const { recordSetId } = await import('../../lambda/domain/route53/record-set.js');
  const storedHashes = new Map(before.map((r) => [recordSetId(r.key), contentHash(r)]));
  const beforeById = new Map(before.map((r) => [recordSetId(r.key), r]));
  const listed = after.map((r) => ({ ...r, hash: contentHash(r) }));
  const hashFirst = () => {
    const hd = new HashDiff(storedHashes);
    for (const r of listed) hd.visit(r);
    const touchedTargets = hd.touchedTargets();
    const loaded = new Map(
      hd.storedIdsIn(touchedTargets).map((id) => [id, beforeById.get(id) as RecordSetContent]),
    );
    return diffSnapshots(snapshotMap([...loaded.values()]), snapshotMap(hd.after(loaded, touchedTargets)));
  };
  cpuOf(hashFirst); // warm-up, not counted
  for (let i = 0; i < runs; i++) {
    const d = cpuOf(() => {
      last = hashFirst();
    });
    cpuSamples.push(d.cpu);
    wallSamples.push(d.wall);
    applySamples.push(
      cpuOf(() => {
        const strip = (sets: RecordSetContent[]) => sets.map(({ ...r }) => r);
        // For comparison: a full-map diff of both 100k views, hashing everything (not what the poller runs).
        diffSnapshots(snapshotMap(strip(before)), snapshotMap(strip(after)));
      }).cpu,
    );
    progress(`route53: isolated diff ${i + 1}/${runs}: ${d.cpu.toFixed(0)} ms CPU`);
  }
  const diff = last as ReturnType<typeof diffSnapshots>;

  // The two hot spots, timed directly on the same data.
  const hash = cpuOf(() => {
    for (const r of current.values()) contentHash(r);
    for (const r of previous.values()) contentHash(r);
  });
  const touched = new Set(diff.changes.map((c) => dnsTargetIdOf(('after' in c ? c.after : c.before).key)));
  const scans = cpuOf(() => {
    for (const targetId of touched) {
      [...previous.values()].filter((r) => dnsTargetIdOf(r.key) === targetId);
      [...current.values()].filter((r) => dnsTargetIdOf(r.key) === targetId);
    }
  });
  const profiled = await profileByFunction(() => diffSnapshots(previous, current));
  return {
    recordSetsBefore: previous.size,
    recordSetsAfter: current.size,
    changes: diff.changes.length,
    emptied: diff.emptied.length,
    cpuMs: summarize(cpuSamples),
    wallMs: summarize(wallSamples),
    applyShapeCpuMs: summarize(applySamples),
    profile: profiled.top,
    profiledMs: profiled.totalMs,
    parts: {
      contentHashCalls: previous.size + current.size,
      contentHashMs: hash.cpu,
      groupScans: touched.size * 2,
      groupScanMs: scans.cpu,
    },
    heap: { viewArrayBytes: h1 - h0, viewMapBytes: h2 - h1 },
  };
}

/** Self time per function (V8 sampling profiler at 0.1 ms) while `fn` runs; top 8. */
async function profileByFunction(
  fn: () => void,
): Promise<{ totalMs: number; top: { fn: string; ms: number; share: number }[] }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const t0 = performance.now();
    fn();
    const totalMs = performance.now() - t0;
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
        samples?: number[];
        timeDeltas?: number[];
      };
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const totals = new Map<string, number>();
    const samples = profile.samples ?? [];
    for (let i = 0; i < samples.length; i++) {
      const frame = byId.get(samples[i] as number)?.callFrame;
      const file = frame?.url.split('/').slice(-2).join('/') ?? '';
      // The only bench frame in the window is the arrow calling diffSnapshots: its samples are the
      // diff's own code that V8 inlined into it. (Matched on the full URL: this file is bench/route53/….)
      const name = frame?.url.includes('/bench/')
        ? 'diffSnapshots and callees inlined into its caller'
        : `${frame?.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
      // Node-internal frames here are the profiler's own start-up, not the diff.
      if (!file && name !== '(garbage collector)') continue;
      totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
    }
    const top = [...totals.entries()]
      .map(([name, ms]) => ({ fn: name, ms, share: ms / totalMs }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    return { totalMs, top };
  } finally {
    session.disconnect();
  }
}
