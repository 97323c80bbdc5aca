import { DemoDnsServer } from '../emulators/dns/dns-server.js';
import { FakeRoute53 } from '../emulators/route53/index.js';
import type { SlackSetup } from '../lambda/app/slack.js';
import { formatTime } from '../lambda/domain/render/time.js';
import { silentLog } from '../lambda/ports/log.js';
import { BackgroundDelivery } from '../lambda/service/background-delivery.js';
import { ChangeEventQueue } from './change-event-queue.js';
import { openDemoStore } from './demo-store.js';
import { healthDeliveries } from './health-posts.js';
import { ProbeLoop } from './probe-loop.js';
import { route53Writer } from './race/route53-writer.js';
import { runRace } from './race/run-race.js';
import { describeRaceEvent } from './race-lines.js';
import { createReplayLookout } from './replay-lookout.js';
import type { ReplayOptions, ReplayResult } from './replay-options.js';
import { ReplayPrinter } from './replay-printer.js';
import { writeReplayReport } from './replay-report.js';
import { restoreAsOperator } from './replay-restore.js';
import { startReplayWorld, ZONE } from './replay-world.js';
import { BOOTSTRAP_IPS, bootstrap, DEMO_NAME } from './replay-zone.js';
import { SlackCallCount } from './slack-count.js';
import { sleep, withTimeout } from './timing.js';

export type { ReplayOptions, ReplayResult } from './replay-options.js';
export { DEMO_NAME };

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
  const probeLoop = new ProbeLoop();
  const queue = new ChangeEventQueue();
  let stopDelivery = async () => {};
  try {
    const world = await startReplayWorld(route53, secondary);
    const { endpoint, zoneId, primary, servers, client } = world;
    const { store } = demoStore;
    // Counted on Lookout's side, so the line at the end is true against real Slack too.
    const slackCount = options.slack ? new SlackCallCount() : undefined;
    const slack = options.slack && slackCount ? counted(options.slack, slackCount) : undefined;
    const log = options.log ?? silentLog;
    const lookoutApps = createReplayLookout(world, { intervalMs, store, log, slack });
    const { config, now, probe: lookout, route53App, health } = lookoutApps;

    out.write('Replaying the 2025-10-20 us-east-1 DynamoDB DNS race on this machine\n');
    out.write(`  Route 53 API: ${endpoint} (real AWS SDK, CloudTrail events, zone ${zoneId} ${ZONE})\n`);
    out.write(`  authoritative DNS: ${servers[0]} (Route 53's name server), ${servers[1]} (secondary)\n`);
    out.write(
      `  Lookout: probes ${DEMO_NAME} A every ${intervalMs / 1000} s, reads every CloudTrail event; Slack: ${slack ? slack.channel : 'off'}\n\n`,
    );

    // Slack delivery beside the replay, as the probe Lambda runs it: a paced Slack (1 call/s per channel)
    // must not hold the CloudTrail queue or the probe rhythm the race and its detection run on.
    const delivery = new BackgroundDelivery(lookout);
    stopDelivery = () => delivery.drain();
    const printer = new ReplayPrinter({
      out,
      deliver: async () => delivery.kick(),
      round: () => probeLoop.rounds,
      color,
      timeZone,
    });
    const print = printer.print;
    queue.start(route53, route53App, log, print);
    probeLoop.start(lookout, intervalMs, out, print);

    // The record as the planner's generation 0, written by the operator, plus a TXT record that keeps the
    // name alive — losing the A records then leaves it existing but empty (NODATA), October's shape.
    await client('enactor-1').send(bootstrap(zoneId));
    await route53App.pollZone(zoneId);
    await probeLoop.waitRounds(3);
    await queue.drain();
    out.write(
      `  lookout  ${DEMO_NAME} answers ${BOOTSTRAP_IPS.length} records from both servers; zone snapshot taken: baseline learned\n\n`,
    );
    // Start at a random point of the probe cycle, as a real failure would.
    await sleep(Math.random() * intervalMs);
    printer.racing = true;
    let emptiedInRound: number | undefined;
    primary.onChange((c) => {
      if (c.name === DEMO_NAME && c.type === 'A' && c.before.length > 0 && c.after.length === 0) {
        emptiedInRound ??= probeLoop.rounds;
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
    await withTimeout(printer.alert, 30_000, 'Lookout did not alert within 30 s of the record emptying');
    // AWS's posts of that day, scaled to this clock from the moment the record emptied, each delivered
    // twice and once from the backup region, while the on-call engineer restores the record.
    const deliveries = options.healthPosts === false ? [] : healthDeliveries(race.emptied.at, minuteMs);
    const sinceEmptiedMs = () => Number(process.hrtime.bigint() - race.emptied.hrtimeNs) / 1e6;
    const awsPosts = (async () => {
      for (const delivery of deliveries) {
        await sleep(Math.max(0, delivery.dueMs - sinceEmptiedMs()));
        if (probeLoop.isStopped) return;
        const told = await health.handleEvent(delivery.event);
        await print(told.entries, 'aws');
      }
    })();
    // Its failure is reported where it is awaited, after the restore; not as an unhandled rejection before.
    awsPosts.catch(() => {});
    const latency = Number((printer.probeHr as bigint) - race.emptied.hrtimeNs) / 1e9;
    const controlPlane =
      printer.emptyHr === undefined ? undefined : Number(printer.emptyHr - race.emptied.hrtimeNs) / 1e9;
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

    await probeLoop.waitRounds(2);
    await queue.drain();
    await restoreAsOperator(world, { out, store, config, log, now });
    // AWS's event is part of the incident now: it resolves once the probe saw the recovery and AWS closed.
    const lastPostMs = Math.max(0, (deliveries.at(-1)?.dueMs ?? 0) - sinceEmptiedMs());
    await withTimeout(
      Promise.all([printer.resolved, awsPosts]),
      lastPostMs + 30_000,
      "Lookout did not resolve the incident within 30 s of the restore and of AWS's last post",
    );
    await probeLoop.stop();
    await queue.drain();
    await delivery.drain();
    await lookout.deliver();
    // The record changes and Health updates still held for their window are printed before the report.
    printer.flush();

    const { incident, timeline, lead } = await writeReplayReport({
      out,
      store,
      deliveries,
      minuteMs,
      latency,
      color,
      timeZone,
      keep: options.keep,
    });
    if (slackCount) out.write(`${slackCount.line()}\n`);
    const detectionRounds = (printer.alertedInRound ?? Number.NaN) - (emptiedInRound ?? Number.NaN) + 1;
    return {
      detectionLatencySeconds: latency,
      detectionRounds,
      incident,
      timeline,
      race,
      healthDeliveries: deliveries,
      ...(lead ? { leadLine: lead } : {}),
      ...(slackCount ? { slack: slackCount.value } : {}),
    };
  } finally {
    await probeLoop.stop().catch(() => {});
    queue.stop();
    await stopDelivery();
    await Promise.all([route53.stop(), secondary.stop(), demoStore.close()]);
  }
}

/** The demo's Slack setup with every Web API call also told to `count` (and to a hook already set). */
function counted(slack: SlackSetup, count: SlackCallCount): SlackSetup {
  const earlier = slack.onCall;
  return {
    ...slack,
    onCall: (call) => {
      earlier?.(call);
      count.record(call);
    },
  };
}
