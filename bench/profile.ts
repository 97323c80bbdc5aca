import { Session } from 'node:inspector/promises';

export interface ProfileShare {
  /** Where the sampled CPU time went, e.g. `dynalite`, `@aws-sdk / @smithy`, `lookout (lambda/)`. */
  bucket: string;
  ms: number;
  share: number;
}

interface CpuNode {
  id: number;
  callFrame: { url: string; functionName: string; lineNumber?: number };
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
): Promise<{ totalMs: number; buckets: ProfileShare[]; functions: ProfileShare[] }> {
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
    return {
      totalMs: wallMs,
      buckets: aggregate(profile, wallMs, (id, byId) => attribute(id, byId)),
      functions: aggregate(profile, wallMs, (id, byId) => functionOf(id, byId)).slice(0, 12),
    };
  } finally {
    session.disconnect();
  }
}

function aggregate(
  profile: CpuProfile,
  wallMs: number,
  attribute: (id: number, byId: Map<number, CpuNode>) => string,
): ProfileShare[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const bucketById = new Map<number, string>();
  const bucketFor = (id: number): string => {
    let bucket = bucketById.get(id);
    if (bucket === undefined) {
      bucket = attribute(id, byId);
      bucketById.set(id, bucket);
    }
    return bucket;
  };
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const underProfiler = new Map<number, boolean>();
  const isProfiler = (id: number): boolean => {
    let known = underProfiler.get(id);
    if (known === undefined) {
      const url = byId.get(id)?.callFrame.url ?? '';
      const up = parent.get(id);
      known = url.startsWith('node:inspector') || (up !== undefined && isProfiler(up));
      underProfiler.set(id, known);
    }
    return known;
  };
  for (let i = 0; i < samples.length; i++) {
    // Profiler.stop serialising the profile, after the measured round: its (long) sample is not the round's.
    const bucket = isProfiler(samples[i] as number) ? PROFILER : bucketFor(samples[i] as number);
    totals.set(bucket, (totals.get(bucket) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  totals.delete(PROFILER);
  return [...totals.entries()]
    .map(([bucket, ms]) => ({ bucket, ms, share: ms / wallMs }))
    .sort((a, b) => b.ms - a.ms);
}

/** The function that was running, with its file and line: the hot spots inside the buckets. */
function functionOf(id: number, byId: Map<number, CpuNode>): string {
  const frame = byId.get(id)?.callFrame;
  const special = attributeSpecial(frame?.functionName ?? '');
  if (special) return special;
  const name = frame?.functionName || '(anonymous)';
  const url = frame?.url ?? '';
  if (url.includes('/bench/')) return PROFILER;
  // File only: under tsx the line numbers are the transpiled code's, not the source's.
  return `${name} (${url ? url.replace(/^.*\/(node_modules\/|lambda\/|emulators\/)/, '$1') : 'native'})`;
}

function attributeSpecial(name: string): string | undefined {
  if (name === '(idle)') return 'idle (waiting on I/O)';
  if (name === '(garbage collector)') return 'garbage collector';
  if (name === '(program)') return 'V8 (program)';
  return undefined;
}

/**
 * Where a sample's CPU went: the frame that was running (self time), never an ancestor. Node core
 * (`node:` URLs) and native code (V8 builtins, C++ bindings: no URL) are charged to themselves, so
 * socket syscalls or GC do not show up as Lookout's or a package's own work.
 */
function attribute(id: number, byId: Map<number, CpuNode>): string {
  const frame = byId.get(id)?.callFrame;
  const special = attributeSpecial(frame?.functionName ?? '');
  if (special) return special;
  const url = frame?.url ?? '';
  if (!url) return 'native (V8 builtins, C++ bindings)';
  if (url.startsWith('node:')) return `Node core (${url.replace(/^node:(internal\/)?/, '').split('/')[0]})`;
  return bucketOfUrl(url);
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
