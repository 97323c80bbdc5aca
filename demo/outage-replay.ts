import type { Route53Client } from '@aws-sdk/client-route-53';
import { DemoDnsServer } from '../emulators/dns/dns-server.js';
import { FakeRoute53 } from '../emulators/route53/index.js';
import { route53Client } from '../emulators/route53/sdk-helpers.js';
import { createHealthApp } from '../lambda/app/health.js';
import { createProbeApp } from '../lambda/app/probe.js';
import { createRestoreService } from '../lambda/app/restore.js';
import { createRoute53App } from '../lambda/app/route53.js';
import { createRoute53Clients } from '../lambda/app/route53-clients.js';
import type { SlackSetup } from '../lambda/app/slack.js';
import { configSchema } from '../lambda/config/config-schema.js';
import { resolveTargets } from '../lambda/config/load-config.js';
import type { Incident, TimelineEntry } from '../lambda/domain/incident.js';
import { formatEntryLine, formatIncidentSummary } from '../lambda/domain/render/text.js';
import { formatTime } from '../lambda/domain/render/time.js';
import { type Log, silentLog } from '../lambda/ports/log.js';
import type { Store } from '../lambda/store/store.js';
import { ChangeEventQueue } from './change-event-queue.js';
import { openDemoStore } from './demo-store.js';
import { type HealthDelivery, healthDeliveries, leadLine } from './health-posts.js';
import { route53Writer } from './race/route53-writer.js';
import { type RaceResult, runRace } from './race/run-race.js';
import { describeRaceEvent } from './race-lines.js';
import { BOOTSTRAP_IPS, bootstrap, DEMO_NAME } from './replay-zone.js';
import { sleep, withTimeout } from './timing.js';

export { DEMO_NAME };

const ZONE = 'us-east-1.amazonaws.com';
const ACCOUNT = '111122223333';
/** Who is who, by access key: the fake attributes each API call (and its CloudTrail event) to one. */
const PRINCIPALS = {
  'enactor-1': `arn:aws:sts::${ACCOUNT}:assumed-role/dns-enactor/enactor-1`,
  'enactor-2': `arn:aws:sts::${ACCOUNT}:assumed-role/dns-enactor/enactor-2`,
  'enactor-3': `arn:aws:sts::${ACCOUNT}:assumed-role/dns-enactor/enactor-3`,
  lookout: `arn:aws:sts::${ACCOUNT}:assumed-role/lookout-reader/zone-poller`,
  operator: `arn:aws:sts::${ACCOUNT}:assumed-role/oncall/alice`,
} as const;

export interface ReplayOptions {
  out: NodeJS.WritableStream;
  /** Seconds between probe rounds (default 1). */
  intervalSeconds?: number;
  color?: boolean;
  /** IANA zone the printed times are in (UTC when absent). */
  timeZone?: string | undefined;
  log?: Log;
  /** Slack delivery over the demo's store, when tokens are set. */
  slack?: SlackSetup;
  /**
   * A local store on disk to keep the incident in, and its data directory, named at the end for
   * `lookout show`. Without it the demo's store lives in memory and ends with it.
   */
  keep?: { store: Store; dataDir: string };
  /** Planner pace; slower makes the race easier to follow. */
  planIntervalMs?: number;
  seed?: number;
  /**
   * One real minute of AWS's 2025-10-20 Health posts on the demo's clock (default: a tenth of the probe
   * interval, so AWS's first post, 23 minutes in, comes 2.3 intervals after the record emptied — after
   * the two probes EMPTY needs, at any interval).
   */
  healthMinuteMs?: number;
  /**
   * AWS Health's posts (default on). Off, the incident resolves on the probe's recovery and the replay
   * ends ~16 probe intervals sooner: for runs that measure only detection (the bench).
   */
  healthPosts?: boolean;
}

export interface ReplayResult {
  /** From the DNS server's record of the moment the record emptied to the EMPTY alert being delivered. */
  detectionLatencySeconds: number;
  /**
   * Probe rounds from the one under way when the record emptied to the one that alerted, both included:
   * the detection latency in the probe's own rhythm (at most `emptyAfterProbes` + 1, whatever the load).
   */
  detectionRounds: number;
  incident: Incident;
  timeline: TimelineEntry[];
  race: RaceResult;
  /** AWS's Health deliveries as the demo sent them (each version three times), in order. */
  healthDeliveries: HealthDelivery[];
  /** The lead line printed at the end (see leadLine); absent without Health posts. */
  leadLine?: string;
}

/**
 * Replays the 2025-10-20 DynamoDB DNS race on this machine, through a Route 53 API server (the real
 * AWS SDK on loopback) that serves its zone over real DNS, with a secondary that mirrors it:
 * a planner and three enactors — each its own assumed-role session — write the record through
 * ChangeResourceRecordSets; a delayed enactor applies a stale plan and another's cleanup deletes it,
 * emptying the record. Lookout watches both sides with its real code: the DNS probe, and the
 * CloudTrail events the server emits (writers, race signature, re-snapshot). Then the on-call
 * engineer restores the last-known-good version with a compare-and-swap batch.
 */
export async function replayOutage(options: ReplayOptions): Promise<ReplayResult> {
  const { out } = options;
  const color = options.color ?? false;
  const timeZone = options.timeZone;
  const intervalMs = (options.intervalSeconds ?? 1) * 1000;
  const minuteMs = options.healthMinuteMs ?? intervalMs / 10;
  const route53 = new FakeRoute53({});
  const secondary = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 5 }] });
  const demoStore = await openDemoStore(options.keep);
  let stopLoop = false;
  let loop: Promise<void> = Promise.resolve();
  const queue = new ChangeEventQueue();
  try {
    const { endpoint } = await route53.start();
    const zoneId = await route53.createZone({ name: ZONE, acceleratedRecovery: 'ENABLED' });
    const primary = route53.dns as DemoDnsServer;
    const servers = [route53.dnsAddress as string, await secondary.start()];
    // The secondary follows the primary on every change, like a zone transfer after NOTIFY.
    primary.onChange((c) =>
      c.after.length
        ? secondary.setRecords(c.name, c.type, c.after, 60)
        : secondary.deleteRecords(c.name, c.type),
    );
    const clients = new Map<string, Route53Client>();
    for (const [who, arn] of Object.entries(PRINCIPALS)) {
      const key = `ASIA${who.replace(/[^a-z0-9]/gi, '').toUpperCase()}`;
      route53.registerPrincipal(key, arn);
      clients.set(who, route53Client(endpoint, key));
    }
    const client = (who: string) => clients.get(who) as Route53Client;

    const { store } = demoStore;
    // The probe's timeout is the default (2 s), not shorter than the fast intervals the tests use: the
    // servers are on this machine, and a busy one must not turn their answers into timeouts.
    const probeTimeoutMs = 2000;
    const config = configSchema.parse({
      probe: { intervalSeconds: intervalMs / 1000, timeoutMs: probeTimeoutMs, resolvers: servers },
      detection: { emptyAfterProbes: 2, recoverAfterProbes: 3 },
      targets: [{ name: DEMO_NAME, type: 'A', mode: 'pool' }],
      route53: { zones: [{ id: zoneId, names: [DEMO_NAME] }], requestsPerSecond: 8, burst: 10 },
    });
    const slack = options.slack;
    const log = options.log ?? silentLog;
    const now = () => new Date();
    const lookout = createProbeApp({ config, targets: resolveTargets(config, []), store, log, slack });
    // Lookout's own Route 53 flow, with Lookout's credentials; Slack delivery is the probe app's.
    const route53App = createRoute53App({
      store,
      config,
      clients: createRoute53Clients({
        endpoint,
        client: client('lookout'),
        pace: { requestsPerSecond: 8, burst: 10 },
      }),
      log,
      now,
      channel: slack?.channel,
    });
    // AWS Health through its own flow, into the same store; Slack delivery is the probe app's.
    const health = createHealthApp({
      store,
      config,
      targets: resolveTargets(config, []),
      log,
      now,
      channel: slack?.channel,
    });

    out.write('Replaying the 2025-10-20 us-east-1 DynamoDB DNS race on this machine\n');
    out.write(`  Route 53 API: ${endpoint} (real AWS SDK, CloudTrail events, zone ${zoneId} ${ZONE})\n`);
    out.write(`  authoritative DNS: ${servers[0]} (Route 53's name server), ${servers[1]} (secondary)\n`);
    out.write(
      `  Lookout: probes ${DEMO_NAME} A every ${intervalMs / 1000} s, reads every CloudTrail event; Slack: ${slack ? slack.channel : 'off'}\n\n`,
    );

    let emptyHr: bigint | undefined;
    let probeHr: bigint | undefined;
    let rounds = 0;
    let emptiedInRound: number | undefined;
    let alertedInRound: number | undefined;
    let alerted: () => void = () => {};
    const alert = new Promise<void>((resolve) => {
      alerted = resolve;
    });
    let resolvedSeen: () => void = () => {};
    const resolved = new Promise<void>((resolve) => {
      resolvedSeen = resolve;
    });
    let racing = false;
    const print = async (entries: TimelineEntry[], who = 'lookout') => {
      if (entries.length) await lookout.deliver();
      for (const entry of entries) {
        out.write(`  ${who.padEnd(7)}  ${formatEntryLine(entry, undefined, { color, timeZone })}\n`);
        // EMPTY as clients see it (the probe), and as Route 53 holds it (the re-read after CloudTrail).
        const isEmpty = entry.kind === 'EMPTY' || (entry.kind === 'OPENED' && entry.text.includes('EMPTY'));
        if (racing && isEmpty && emptyHr === undefined) emptyHr = process.hrtime.bigint();
        if (racing && isEmpty && entry.source === 'dns-probe' && probeHr === undefined) {
          probeHr = process.hrtime.bigint();
          alertedInRound = rounds;
          alerted();
        }
        if (entry.kind === 'RESOLVED') resolvedSeen();
      }
    };
    queue.start(route53, route53App, log, print);

    const roundDone: Array<() => void> = [];
    loop = (async () => {
      while (!stopLoop) {
        const started = Date.now();
        const result = await lookout.round();
        for (const f of result.failures)
          out.write(`  lookout could not process ${f.target.id}: ${f.error.message}\n`);
        await print(result.results.flatMap((r) => r.result.entries));
        rounds++;
        for (const done of roundDone.splice(0)) done();
        await sleep(Math.max(0, intervalMs - (Date.now() - started)));
      }
    })();
    const waitRounds = async (n: number) => {
      const target = rounds + n;
      while (rounds < target) await new Promise<void>((r) => roundDone.push(r));
    };

    // The record as the planner's generation 0, written by the operator, plus a TXT record that keeps the
    // name alive — losing the A records then leaves it existing but empty (NODATA), October's shape.
    await client('enactor-1').send(bootstrap(zoneId));
    await route53App.pollZone(zoneId);
    await waitRounds(3);
    await queue.drain();
    out.write(
      `  lookout  ${DEMO_NAME} answers ${BOOTSTRAP_IPS.length} records from both servers; zone snapshot taken: baseline learned\n\n`,
    );
    // Start at a random point of the probe cycle, as a real failure would.
    await sleep(Math.random() * intervalMs);
    racing = true;
    primary.onChange((c) => {
      if (c.name === DEMO_NAME && c.type === 'A' && c.before.length > 0 && c.after.length === 0) {
        emptiedInRound ??= rounds;
      }
    });
    const race = await runRace({
      server: primary,
      // CloudTrail events "arrive at once" here: the write that empties the record is sent only once Lookout
      // has handled the events of every write before it. Without this, on a busy machine the (serial,
      // rate-limited) event queue could fall behind the probe, and whether the racing writers or the
      // probe's EMPTY opened the incident depended on scheduling rather than on what happened first.
      writer: route53Writer(
        client,
        zoneId,
        { name: DEMO_NAME, type: 'A', ttl: 60 },
        { beforeDelete: () => queue.drain() },
      ),
      name: DEMO_NAME,
      planIntervalMs: options.planIntervalMs ?? 250,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      onEvent: (event) => {
        const line = describeRaceEvent(event, DEMO_NAME);
        if (line) out.write(`  race     ${formatTime(event.at.toISOString(), timeZone, 'ms')}  ${line}\n`);
      },
    });
    await withTimeout(alert, 30_000, 'Lookout did not alert within 30 s of the record emptying');
    // AWS's posts of that day, scaled to this clock from the moment the record emptied, each delivered
    // twice and once from the backup region, while the on-call engineer restores the record.
    const deliveries = options.healthPosts === false ? [] : healthDeliveries(race.emptied.at, minuteMs);
    const sinceEmptiedMs = () => Number(process.hrtime.bigint() - race.emptied.hrtimeNs) / 1e6;
    const awsPosts = (async () => {
      for (const delivery of deliveries) {
        await sleep(Math.max(0, delivery.dueMs - sinceEmptiedMs()));
        if (stopLoop) return;
        const told = await health.handleEvent(delivery.event);
        await print(told.entries, 'aws');
      }
    })();
    // Its failure is reported where it is awaited, after the restore; not as an unhandled rejection before.
    awsPosts.catch(() => {});
    const latency = Number((probeHr as bigint) - race.emptied.hrtimeNs) / 1e9;
    const controlPlane = emptyHr === undefined ? undefined : Number(emptyHr - race.emptied.hrtimeNs) / 1e9;
    out.write(
      `\n  cause: ${race.deletedBy}'s cleanup deleted plan ${race.staleGeneration}, which the delayed enactor had just applied over a newer plan\n`,
    );
    out.write(`  detection latency, DNS probe (what clients see): ${latency.toFixed(1)} s\n`);
    if (controlPlane !== undefined) {
      out.write(
        `  detection latency, Route 53 re-read after its CloudTrail event: ${controlPlane.toFixed(2)} s (events arrive at once here; EventBridge takes seconds to minutes)\n`,
      );
    }
    out.write('\n');

    await waitRounds(2);
    await queue.drain();
    out.write(`  on-call (alice) runs: npx lookout restore ${zoneId} ${DEMO_NAME} A --yes\n`);
    // What `lookout restore` builds on the operator's machine, with the operator's credentials.
    const operator = { store, config, log, now };
    const restorer = createRestoreService(
      { ...operator, clients: createRoute53Clients({ endpoint, client: client('operator') }) },
      {
        resolvers: [servers[0] as string],
        // The demo's plans live for a fraction of a second; in production the default is 300 s.
        stableSeconds: 0.1,
        pollMs: 200,
        onStep: (step) => out.write(`  restore  ${step.text}\n`),
      },
    );
    await restorer.restore({ zoneId, name: DEMO_NAME, type: 'A', by: 'cli:alice' });
    // AWS's event is part of the incident now: it resolves once the probe saw the recovery and AWS closed.
    const lastPostMs = Math.max(0, (deliveries.at(-1)?.dueMs ?? 0) - sinceEmptiedMs());
    await withTimeout(
      Promise.all([resolved, awsPosts]),
      lastPostMs + 30_000,
      "Lookout did not resolve the incident within 30 s of the restore and of AWS's last post",
    );
    stopLoop = true;
    await loop;
    await queue.drain();
    await lookout.deliver();

    const incident = (await store.incidents.list(10)).find((i) => i.targetId === `${DEMO_NAME}/A`);
    if (!incident) throw new Error('the replay ended without an incident');
    const timeline = await store.incidents.listTimeline(incident.id);
    const evidence = timeline.find((e) => e.kind === 'EMPTY' && e.evidence?.length)?.evidence ?? [];
    const sources = [...new Set(timeline.filter((e) => e.kind === 'EMPTY').map((e) => e.source))];
    out.write(
      `\nIncident\n${formatIncidentSummary(incident, new Date(), evidence, { color, timeZone })}\n\nTimeline\n`,
    );
    for (const entry of timeline) out.write(`  ${formatEntryLine(entry, undefined, { color, timeZone })}\n`);
    out.write(`\none incident; EMPTY seen by ${sources.join(' and ')}\n`);
    out.write(`detection latency: ${latency.toFixed(1)} s\n`);
    const awsEntries = timeline.filter((e) => e.source === 'aws-health');
    const versions = new Set(deliveries.map((d) => d.version)).size;
    const backups = deliveries.filter((d) => d.copy === 'backup').length;
    if (deliveries.length) {
      out.write(
        `AWS Health: ${versions} posts in ${deliveries.length} deliveries (${backups} from the backup region us-west-2): ${awsEntries.length} entries in this incident\n`,
      );
    }
    const lookoutEmpty = timeline.find(
      (e) => e.kind === 'EMPTY' || (e.kind === 'OPENED' && e.text.includes('EMPTY')),
    );
    const lead =
      lookoutEmpty && awsEntries[0]
        ? leadLine(lookoutEmpty.at, awsEntries[0].at, minuteMs)
        : deliveries.length
          ? `no lead to tell: ${lookoutEmpty ? "AWS's posts are" : "Lookout's EMPTY is"} missing from the timeline`
          : undefined;
    if (lead) out.write(`${lead}\n`);
    if (options.keep)
      out.write(`\ninspect it again: npx lookout show ${incident.id} --data ${options.keep.dataDir}\n`);
    const detectionRounds = (alertedInRound ?? Number.NaN) - (emptiedInRound ?? Number.NaN) + 1;
    return {
      detectionLatencySeconds: latency,
      detectionRounds,
      incident,
      timeline,
      race,
      healthDeliveries: deliveries,
      ...(lead ? { leadLine: lead } : {}),
    };
  } finally {
    stopLoop = true;
    await loop.catch(() => {});
    queue.stop();
    await Promise.all([route53.stop(), secondary.stop(), demoStore.close()]);
  }
}
