import { configSchema } from '../lambda/config/config-schema.js';
import { resolveTargets } from '../lambda/config/load-config.js';
import type { Incident, TimelineEntry } from '../lambda/domain/incident.js';
import { formatEntryLine, formatIncidentSummary } from '../lambda/domain/render/text.js';
import { type Log, silentLog } from '../lambda/service/logger.js';
import { createLookout, type Deliverer } from '../lambda/service/lookout.js';
import { DnsProbe } from '../lambda/sources/dns/dns-probe.js';
import { startEmbeddedDynamo } from '../lambda/store/embedded-dynalite.js';
import { createStore, ensureTable, type Store } from '../lambda/store/store.js';
import { DemoDnsServer } from './dns-server.js';
import type { RaceEvent } from './race/events.js';
import { type RaceResult, restore, runRace } from './race/run-race.js';

export const DEMO_NAME = 'dynamodb.us-east-1.amazonaws.com';
const ZONE = 'us-east-1.amazonaws.com';
/** What the record held before the race started (the planner's generation 0). */
const BOOTSTRAP_IPS = ['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13'];

export interface ReplayOptions {
  out: NodeJS.WritableStream;
  /** Seconds between probe rounds (default 1). */
  intervalSeconds?: number;
  color?: boolean;
  log?: Log;
  /** Slack delivery over the demo's store, when tokens are set. */
  slack?: (store: Store) => { channel: string; deliverer: Deliverer };
  /** Planner pace; slower makes the race easier to follow. */
  planIntervalMs?: number;
  seed?: number;
}

export interface ReplayResult {
  /** From the DNS server's record of the moment the record emptied to the alert being delivered. */
  detectionLatencySeconds: number;
  incident: Incident;
  timeline: TimelineEntry[];
  race: RaceResult;
}

/**
 * Replays the 2025-10-20 DynamoDB DNS race on this machine: a primary authoritative server and a
 * secondary that mirrors it, a planner and three enactors whose stale-plan + cleanup race empties the
 * record, and Lookout's real path (probe → detectors → store → terminal, Slack when configured)
 * watching it, through the restore.
 */
export async function replayOutage(options: ReplayOptions): Promise<ReplayResult> {
  const { out } = options;
  const color = options.color ?? false;
  const intervalMs = (options.intervalSeconds ?? 1) * 1000;
  const primary = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 5 }] });
  const secondary = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 5 }] });
  const dynamo = await startEmbeddedDynamo();
  let stopLoop = false;
  let loop: Promise<void> = Promise.resolve();
  try {
    const servers = [await primary.start(), await secondary.start()];
    // The secondary follows the primary on every change, like a zone transfer after NOTIFY.
    primary.onChange((c) =>
      c.after.length
        ? secondary.setRecords(c.name, c.type, c.after, 60)
        : secondary.deleteRecords(c.name, c.type),
    );
    primary.setRecords(DEMO_NAME, 'A', BOOTSTRAP_IPS, 60);
    // The name keeps another record type, so losing its A records leaves it existing but empty (NODATA) —
    // the shape of the October-2025 failure — rather than gone (NXDOMAIN).
    primary.setRecords(DEMO_NAME, 'TXT', ['lookout-demo: endpoint records managed by the DNS planner'], 300);

    await ensureTable(dynamo.client, 'lookout-demo');
    const store = createStore(dynamo.client, 'lookout-demo');
    const config = configSchema.parse({
      probe: { intervalSeconds: intervalMs / 1000, timeoutMs: 500, resolvers: servers },
      detection: { emptyAfterProbes: 2, recoverAfterProbes: 3 },
      targets: [{ name: DEMO_NAME, type: 'A', mode: 'pool' }],
    });
    const slack = options.slack?.(store);
    const lookout = createLookout({
      config,
      targets: resolveTargets(config, []),
      store,
      prober: new DnsProbe({ timeoutMs: config.probe.timeoutMs }),
      log: options.log ?? silentLog,
      ...(slack ? { slack } : {}),
    });

    out.write(`Replaying the 2025-10-20 us-east-1 DynamoDB DNS race on this machine\n`);
    out.write(`  authoritative DNS: ${servers.join(' (primary), ')} (secondary) serving ${ZONE}\n`);
    out.write(
      `  Lookout probes ${DEMO_NAME} A every ${intervalMs / 1000} s; Slack: ${slack ? slack.channel : 'off'}\n\n`,
    );

    let alertHr: bigint | undefined;
    let alerted: () => void = () => {};
    const alert = new Promise<void>((resolve) => {
      alerted = resolve;
    });
    let resolvedSeen: () => void = () => {};
    const resolved = new Promise<void>((resolve) => {
      resolvedSeen = resolve;
    });
    let rounds = 0;
    const roundDone: Array<() => void> = [];

    loop = (async () => {
      while (!stopLoop) {
        const started = Date.now();
        const result = await lookout.round();
        const entries = result.results.flatMap((r) => r.result.entries);
        for (const f of result.failures)
          out.write(`  lookout could not process ${f.target.id}: ${f.error.message}\n`);
        if (entries.length) await lookout.deliver();
        for (const entry of entries) {
          out.write(`  lookout  ${formatEntryLine(entry, undefined, { color })}\n`);
          if (entry.kind === 'OPENED' && alertHr === undefined) {
            alertHr = process.hrtime.bigint();
            alerted();
          }
          if (entry.kind === 'RESOLVED') resolvedSeen();
        }
        rounds++;
        for (const done of roundDone.splice(0)) done();
        await sleep(Math.max(0, intervalMs - (Date.now() - started)));
      }
    })();
    const waitRounds = async (n: number) => {
      const target = rounds + n;
      while (rounds < target) await new Promise<void>((r) => roundDone.push(r));
    };

    await waitRounds(3);
    // Start the race at a random point of the probe cycle, as a real failure would: detection latency
    // then spreads between (N−1) and N probe intervals instead of always landing on the worst case.
    await sleep(Math.random() * intervalMs);
    out.write(
      `  lookout  ${DEMO_NAME} answers ${BOOTSTRAP_IPS.length} records from both servers: baseline learned\n\n`,
    );
    const race = await runRace({
      server: primary,
      name: DEMO_NAME,
      planIntervalMs: options.planIntervalMs ?? 150,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      onEvent: (event) => {
        const line = describeRaceEvent(event);
        if (line) out.write(`  race     ${event.at.toISOString().slice(11, 23)}  ${line}\n`);
      },
    });
    await withTimeout(alert, 30_000, 'Lookout did not alert within 30 s of the record emptying');
    const latency = Number((alertHr as bigint) - race.emptied.hrtimeNs) / 1e9;
    out.write(
      `\n  cause: ${race.deletedBy}'s cleanup deleted plan ${race.staleGeneration}, which the delayed enactor had just applied over a newer plan\n`,
    );
    out.write(`  detection latency: ${latency.toFixed(1)} s\n\n`);

    await waitRounds(2);
    out.write(
      `  operator restores the last good plan (generation ${race.lastGoodPlan.generation}: ${race.lastGoodPlan.ips.join(', ')})\n`,
    );
    restore({ server: primary, name: DEMO_NAME, plan: race.lastGoodPlan });
    await withTimeout(resolved, 30_000, 'Lookout did not see the recovery within 30 s of the restore');
    stopLoop = true;
    await loop;
    await lookout.deliver();

    const [incident] = await store.incidents.list(1);
    if (!incident) throw new Error('the replay ended without an incident');
    const timeline = await store.incidents.listTimeline(incident.id);
    const evidence = timeline.find((e) => e.kind === 'OPENED')?.evidence ?? [];
    out.write(
      `\nIncident\n${formatIncidentSummary(incident, new Date(), evidence, { color })}\n\nTimeline\n`,
    );
    for (const entry of timeline) out.write(`  ${formatEntryLine(entry, undefined, { color })}\n`);
    out.write(`\ndetection latency: ${latency.toFixed(1)} s\n`);
    return { detectionLatencySeconds: latency, incident, timeline, race };
  } finally {
    stopLoop = true;
    await loop.catch(() => {});
    await Promise.all([primary.stop(), secondary.stop(), dynamo.close()]);
  }
}

function describeRaceEvent(event: RaceEvent): string | undefined {
  const plan = `plan ${event.generation}`;
  switch (event.action) {
    case 'published':
      return `planner    published ${plan} (${event.ips?.length ?? 0} IPs)`;
    case 'applied':
      return `${event.worker} applied ${plan}${event.stale ? `  ← STALE: overwrites the newer plan ${event.detail?.replace('over ', '') ?? ''}` : ''}`;
    case 'stalled':
      return `${event.worker} stalls before applying ${plan} (delayed worker)`;
    case 'resumed':
      return `${event.worker} resumes with ${plan}`;
    case 'deleted-plan':
      return `${event.worker} cleanup deletes ${plan}${event.wasApplied ? '  ← it is the LIVE plan: its records go with it' : ''}`;
    case 'record-emptied':
      return `dns        ${DEMO_NAME} A is now EMPTY (had ${event.ips?.length ?? 0} IPs)`;
    default:
      return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
