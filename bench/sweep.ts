import { startEmbeddedDynamo } from '../emulators/dynamodb/embedded-dynalite.js';
import { createProbeApp } from '../lambda/app/probe.js';
import { configSchema } from '../lambda/config/config-schema.js';
import { resolveTargets } from '../lambda/config/load-config.js';
import type { Observation } from '../lambda/domain/observation.js';
import type { Target } from '../lambda/domain/targets.js';
import { silentLog } from '../lambda/ports/log.js';
import { DnsProbe } from '../lambda/sources/dns/dns-probe.js';
import { createStore, ensureTable } from '../lambda/store/store.js';
import { startDnsFixture } from './dns-fixture.js';
import {
  type Blackbox,
  dnsperfPass,
  hasBlackbox,
  hasDnsperf,
  type PeerPass,
  startBlackbox,
} from './peers.js';
import { pool } from './pool.js';
import { type ProfileShare, profileBuckets } from './profile.js';
import { floorSharedSocket, floorSocketPerQuery } from './raw-floor.js';
import { progress, type Summary, summarize, timed } from './stats.js';

/** runProbeRound's default `concurrency` (targets in flight; each asks every resolver at once). */
export const LOOKOUT_CONCURRENCY = 32;
const TIMEOUT_MS = 2000;
/** Consecutive Lookout rounds timed one after another, so the periodic state writes are in the mean. */
export const SERIES_ROUNDS = 100;

export const SWEEP_VARIANTS = ['floorShared', 'floorPerSocket', 'probeOnly', 'lookoutRound'] as const;
export type SweepVariant = (typeof SWEEP_VARIANTS)[number];

export interface SweepResult {
  names: number;
  queries: number;
  resolvers: string[];
  server: string;
  concurrency: number;
  /** Milliseconds per variant. */
  ms: Record<SweepVariant, Summary>;
  /** Queries that did not come back as an A answer, summed over measured runs, per variant. */
  failedQueries: Record<SweepVariant, number>;
  /** DynamoDB requests in the median measured Lookout round (GetItem + conditional PutItem per target). */
  dynamoRequestsPerRound: number;
  /** CPU (user + system) of this whole process per measured Lookout round, dynalite included. */
  lookoutCpuMs: Summary;
  /** The same names and resolvers through peer tools, in the same runs; absent when not installed. */
  peers: { dnsperf?: PeerSummary; blackbox?: PeerSummary; missing: string[] };
  /** SERIES_ROUNDS consecutive `lookout.round()`s after the interleaved runs: write rounds included. */
  series: RoundSeries;
  /** CPU profile of one extra Lookout round: where this process spent it. */
  profile: { totalMs: number; buckets: ProfileShare[]; functions: ProfileShare[] };
}

export interface PeerSummary {
  wallMs: Summary;
  cpuMs: Summary;
  /** Queries without an answer, summed over measured runs. */
  failed: number;
}

export interface RoundSeries {
  rounds: number;
  ms: Summary;
  meanMs: number;
  cpuMeanMs: number;
  /** Rounds that wrote any target state, and target-state writes per round. */
  roundsWithWrites: number;
  maxWritesInRound: number;
  writes: Summary;
  /** Wall time of the slowest round with writes, and the median of rounds without (labelled apart). */
  writeRoundMs?: Summary;
  quietRoundMs?: Summary;
}

/**
 * 1,000 names × 2 resolvers, `runs` times after one warm-up: the raw floor (shared socket, and one
 * socket per query), Lookout's DnsProbe alone, and a full `lookout.round()` (probe + detectors + dynalite).
 * The variants alternate within each run so drift (thermal, GC, knot caches) hits them alike.
 */
export async function benchSweep(
  count: number,
  runs: number,
  server: 'knot' | 'demo' = 'knot',
): Promise<SweepResult> {
  const fixture = await startDnsFixture(count, server);
  const dynamo = await startEmbeddedDynamo().catch(async (error) => {
    await fixture.stop();
    throw error;
  });
  try {
    progress(`sweep: ${count} names on ${fixture.resolvers.join(' + ')} (${fixture.server})`);
    let dynamoRequests = 0;
    let stateWrites = 0;
    dynamo.client.middlewareStack.add(
      (next) => (args) => {
        dynamoRequests++;
        if (isTargetStateWrite(args.input)) stateWrites++;
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestCounter' },
    );
    await ensureTable(dynamo.client, 'lookout-bench');
    const config = configSchema.parse({
      probe: { timeoutMs: TIMEOUT_MS, resolvers: fixture.resolvers },
      targets: fixture.names.map((name) => ({ name, type: 'A', mode: 'pool' })),
    });
    const targets = resolveTargets(config, []);
    const lookout = createProbeApp({
      config,
      targets,
      store: createStore(dynamo.client, 'lookout-bench'),
      prober: new DnsProbe({ timeoutMs: TIMEOUT_MS }),
      log: silentLog,
      concurrency: LOOKOUT_CONCURRENCY,
    });
    const probeOnly = new DnsProbe({ timeoutMs: TIMEOUT_MS });
    const variants: Record<SweepVariant, () => Promise<number>> = {
      floorShared: async () =>
        (await floorSharedSocket(fixture.names, fixture.resolvers, LOOKOUT_CONCURRENCY)).failed,
      floorPerSocket: async () =>
        (await floorSocketPerQuery(fixture.names, fixture.resolvers, LOOKOUT_CONCURRENCY)).failed,
      probeOnly: async () => {
        const observations: Observation[] = [];
        await pool(targets, LOOKOUT_CONCURRENCY, async (t: Target) => {
          observations.push(await probeOnly.probe(t));
        });
        return failedOutcomes(observations);
      },
      lookoutRound: async () => {
        const round = await lookout.round();
        if (round.failures.length)
          throw new Error(
            `lookout.round(): ${round.failures.length} targets failed: ${round.failures[0]?.error.message}`,
          );
        return failedOutcomes(round.results.map((r) => r.observation));
      },
    };

    const samples = Object.fromEntries(SWEEP_VARIANTS.map((v) => [v, [] as number[]])) as Record<
      SweepVariant,
      number[]
    >;
    const failed = Object.fromEntries(SWEEP_VARIANTS.map((v) => [v, 0])) as Record<SweepVariant, number>;
    const cpuSamples: number[] = [];
    const requestsPerRound: number[] = [];
    const missing = [
      ...(hasDnsperf() ? [] : ['dnsperf (Debian `dnsperf`)']),
      ...(hasBlackbox() ? [] : ['blackbox exporter (Debian `prometheus-blackbox-exporter`)']),
    ];
    const blackbox: Blackbox | undefined = hasBlackbox() ? await startBlackbox(fixture.names) : undefined;
    const peerPasses: Record<'dnsperf' | 'blackbox', PeerPass[]> = { dnsperf: [], blackbox: [] };
    const peerRuns: Partial<Record<'dnsperf' | 'blackbox', () => Promise<PeerPass>>> = {
      ...(hasDnsperf()
        ? { dnsperf: () => dnsperfPass(fixture.names, fixture.resolvers, LOOKOUT_CONCURRENCY) }
        : {}),
      ...(blackbox
        ? {
            blackbox: () =>
              blackbox.pass(fixture.names, fixture.resolvers, LOOKOUT_CONCURRENCY * fixture.resolvers.length),
          }
        : {}),
    };
    // A new target's first rounds are all writes (new state, thresholds passing): that is start-up, not
    // the steady rounds measured here; the 100-round series below holds the periodic writes.
    for (let round = 0; round < 10; round++) {
      const writesBefore = stateWrites;
      await lookout.round();
      if (stateWrites - writesBefore < count / 10) break;
    }
    try {
      for (let run = 0; run <= runs; run++) {
        const line: string[] = [];
        for (const variant of SWEEP_VARIANTS) {
          const before = dynamoRequests;
          const cpuBefore = process.cpuUsage();
          const { ms, value } = await timed(variants[variant]);
          const cpu = process.cpuUsage(cpuBefore);
          line.push(`${variant} ${ms.toFixed(0)} ms${value ? ` (${value} failed)` : ''}`);
          if (run === 0) continue; // warm-up: JIT, sockets, the table's first writes
          samples[variant].push(ms);
          failed[variant] += value;
          if (variant === 'lookoutRound') {
            requestsPerRound.push(dynamoRequests - before);
            cpuSamples.push((cpu.user + cpu.system) / 1000);
          }
        }
        for (const [peer, pass] of Object.entries(peerRuns) as [
          'dnsperf' | 'blackbox',
          () => Promise<PeerPass>,
        ][]) {
          const result = await pass();
          line.push(
            `${peer} ${result.wallMs.toFixed(0)} ms${result.failed ? ` (${result.failed} failed)` : ''}`,
          );
          if (run > 0) peerPasses[peer].push(result);
        }
        progress(`sweep ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ${line.join(', ')}`);
      }
    } finally {
      await blackbox?.stop();
    }
    const dynamoRequestsPerRound = summarize(requestsPerRound).median;

    const seriesMs: number[] = [];
    const seriesCpu: number[] = [];
    const seriesWrites: number[] = [];
    for (let round = 0; round < SERIES_ROUNDS; round++) {
      const writesBefore = stateWrites;
      const cpuBefore = process.cpuUsage();
      const { ms } = await timed(variants.lookoutRound);
      const cpu = process.cpuUsage(cpuBefore);
      seriesMs.push(ms);
      seriesCpu.push((cpu.user + cpu.system) / 1000);
      seriesWrites.push(stateWrites - writesBefore);
    }
    const series = roundSeries(seriesMs, seriesCpu, seriesWrites);
    progress(
      `sweep: ${SERIES_ROUNDS} consecutive rounds: mean ${series.meanMs.toFixed(0)} ms, median ${series.ms.median.toFixed(0)} ms, max ${series.ms.max.toFixed(0)} ms; ${series.roundsWithWrites} rounds wrote state (at most ${series.maxWritesInRound} writes in one)`,
    );

    const profile = await profileBuckets(() => lookout.round());
    progress(`sweep: profiled one more round (${profile.totalMs.toFixed(0)} ms)`);
    return {
      profile,
      names: count,
      queries: count * fixture.resolvers.length,
      resolvers: fixture.resolvers,
      server: fixture.server,
      concurrency: LOOKOUT_CONCURRENCY,
      ms: Object.fromEntries(SWEEP_VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<
        SweepVariant,
        Summary
      >,
      failedQueries: failed,
      dynamoRequestsPerRound,
      lookoutCpuMs: summarize(cpuSamples),
      peers: {
        missing,
        ...(peerPasses.dnsperf.length ? { dnsperf: peerSummary(peerPasses.dnsperf) } : {}),
        ...(peerPasses.blackbox.length ? { blackbox: peerSummary(peerPasses.blackbox) } : {}),
      },
      series,
    };
  } finally {
    await Promise.all([fixture.stop(), dynamo.close()]);
  }
}

function peerSummary(passes: readonly PeerPass[]): PeerSummary {
  return {
    wallMs: summarize(passes.map((p) => p.wallMs)),
    cpuMs: summarize(passes.map((p) => p.cpuMs)),
    failed: passes.reduce((sum, p) => sum + p.failed, 0),
  };
}

function roundSeries(ms: number[], cpu: number[], writes: number[]): RoundSeries {
  const withWrites = ms.filter((_, i) => (writes[i] ?? 0) > 0);
  const without = ms.filter((_, i) => (writes[i] ?? 0) === 0);
  return {
    rounds: ms.length,
    ms: summarize(ms),
    meanMs: ms.reduce((a, b) => a + b, 0) / ms.length,
    cpuMeanMs: cpu.reduce((a, b) => a + b, 0) / cpu.length,
    roundsWithWrites: withWrites.length,
    maxWritesInRound: Math.max(...writes),
    writes: summarize(writes),
    ...(withWrites.length ? { writeRoundMs: summarize(withWrites) } : {}),
    ...(without.length ? { quietRoundMs: summarize(without) } : {}),
  };
}

/** A PutItem of a target's state (key `TARGET#<id>`), marshalled or not. */
function isTargetStateWrite(input: unknown): boolean {
  const pk = (input as { Item?: { PK?: unknown } }).Item?.PK;
  const text = typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
  return text?.startsWith('TARGET#') ?? false;
}

function failedOutcomes(observations: readonly Observation[]): number {
  return observations.flatMap((o) => o.outcomes).filter((o) => o.kind !== 'ANSWER').length;
}
