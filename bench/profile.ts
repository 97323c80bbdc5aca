import { Session } from 'node:inspector/promises';

export interface ProfileShare {
  /** Where the sampled CPU time went, e.g. `dynalite`, `@aws-sdk / @smithy`, `lookout (lambda/)`. */
  bucket: string;
  ms: number;
  share: number;
}

interface CpuNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Samples the CPU of this process (V8's profiler through node:inspector) while `fn` runs and sums
 * self time by where the code lives. Cheap (sampling at 1 ms) and good enough to say which layer
 * dominates; it only sees this process (not knotd).
 */
export async function profileBuckets(
  fn: () => Promise<unknown>,
): Promise<{ totalMs: number; buckets: ProfileShare[] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    const started = performance.now();
    await fn();
    const wallMs = performance.now() - started;
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return { totalMs: wallMs, buckets: aggregate(profile, wallMs) };
  } finally {
    session.disconnect();
  }
}

function aggregate(profile: CpuProfile, wallMs: number): ProfileShare[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const bucketById = new Map<number, string>();
  const bucketFor = (id: number): string => {
    let bucket = bucketById.get(id);
    if (bucket === undefined) {
      bucket = attribute(id, byId, parent);
      bucketById.set(id, bucket);
    }
    return bucket;
  };
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const bucket = bucketFor(samples[i] as number);
    totals.set(bucket, (totals.get(bucket) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  totals.delete(PROFILER); // Profiler.stop serialising the profile, after the measured round
  return [...totals.entries()]
    .map(([bucket, ms]) => ({ bucket, ms, share: ms / wallMs }))
    .sort((a, b) => b.ms - a.ms);
}

/** The package that asked for this sample: the nearest frame (leaf upwards) outside Node core and V8. */
function attribute(id: number, byId: Map<number, CpuNode>, parent: Map<number, number>): string {
  const leaf = byId.get(id)?.callFrame.functionName ?? '';
  if (leaf === '(idle)') return 'idle (waiting on I/O)';
  if (leaf === '(garbage collector)') return 'garbage collector';
  if (leaf === '(program)') return 'V8 (program)';
  let sawNodeCore = false;
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = byId.get(at)?.callFrame.url ?? '';
    if (!url) continue;
    if (url.startsWith('node:')) {
      sawNodeCore = true;
      continue;
    }
    return bucketOfUrl(url);
  }
  return sawNodeCore ? 'Node core (http, dgram, net, timers)' : 'V8 / native';
}

const PROFILER = 'the profiler itself';
const DYNALITE_PACKAGES = new Set([
  'dynalite',
  'async',
  'big.js',
  'buffer-crc32',
  'lazy',
  'lock',
  'once',
  'module-error',
]);

function bucketOfUrl(url: string): string {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) {
    if (/^@(aws-sdk|smithy|aws-crypto)\//.test(pkg) || pkg === 'tslib' || pkg === 'fast-xml-parser')
      return 'AWS SDK client (@aws-sdk, @smithy)';
    if (DYNALITE_PACKAGES.has(pkg) || /level/.test(pkg)) return 'dynalite server (+ memory-level)';
    if (pkg === 'dns-packet') return 'dns-packet (called by Lookout and the floor)';
    return `other package: ${pkg}`;
  }
  if (url.includes('/lambda/')) return 'Lookout code (lambda/)';
  if (url.includes('/bench/')) return PROFILER;
  return `other: ${url.split('/').slice(-2).join('/')}`;
}
