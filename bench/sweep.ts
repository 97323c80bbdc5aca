import { startEmbeddedDynamo } from '../emulators/dynamodb/embedded-dynalite.js';
import { configSchema } from '../lambda/config/config-schema.js';
import { resolveTargets } from '../lambda/config/load-config.js';
import type { Observation } from '../lambda/domain/observation.js';
import type { Target } from '../lambda/domain/targets.js';
import { silentLog } from '../lambda/service/logger.js';
import { createLookout } from '../lambda/service/lookout.js';
import { DnsProbe } from '../lambda/sources/dns/dns-probe.js';
import { createStore, ensureTable } from '../lambda/store/store.js';
import { startDnsFixture } from './dns-fixture.js';
import { pool } from './pool.js';
import { type ProfileShare, profileBuckets } from './profile.js';
import { floorSharedSocket, floorSocketPerQuery } from './raw-floor.js';
import { progress, type Summary, summarize, timed } from './stats.js';

/** runProbeRound's default `concurrency` (targets in flight; each asks every resolver at once). */
export const LOOKOUT_CONCURRENCY = 32;
const TIMEOUT_MS = 2000;

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
  /** DynamoDB requests per measured Lookout round (GetItem + conditional PutItem per target). */
  dynamoRequestsPerRound: number;
  /** CPU profile of one extra Lookout round: where this process spent it. */
  profile: { totalMs: number; buckets: ProfileShare[] };
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
    dynamo.client.middlewareStack.add(
      (next) => (args) => {
        dynamoRequests++;
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
    const lookout = createLookout({
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
    let dynamoRequestsPerRound = 0;
    for (let run = 0; run <= runs; run++) {
      const line: string[] = [];
      for (const variant of SWEEP_VARIANTS) {
        const before = dynamoRequests;
        const { ms, value } = await timed(variants[variant]);
        line.push(`${variant} ${ms.toFixed(0)} ms${value ? ` (${value} failed)` : ''}`);
        if (run === 0) continue; // warm-up: JIT, sockets, the table's first writes
        samples[variant].push(ms);
        failed[variant] += value;
        if (variant === 'lookoutRound') dynamoRequestsPerRound = dynamoRequests - before;
      }
      progress(`sweep ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ${line.join(', ')}`);
    }
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
    };
  } finally {
    await Promise.all([fixture.stop(), dynamo.close()]);
  }
}

function failedOutcomes(observations: readonly Observation[]): number {
  return observations.flatMap((o) => o.outcomes).filter((o) => o.kind !== 'ANSWER').length;
}
