// Benchmark P5 (issue #11, item 6): a storm of AWS Health versions and DNS answer changes delivered in
// 60 s through the real handlers' flows into the Slack emulator with its rate limits on.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createHealthApp } from '../lambda/app/health.js';
import { createProbeApp } from '../lambda/app/probe.js';
import { entryWeight } from '../lambda/domain/calm/entry-weight.js';
import type { TimelineEntry } from '../lambda/domain/incident.js';
import { targetId } from '../lambda/domain/targets.js';
import { runProbeInvocation } from '../lambda/service/probe-invocation.js';
import { sleep } from '../lambda/shared/sleep.js';
import { slackPaceDefaults } from '../lambda/slack/slack-pace.js';
import { OutboxRepo } from '../lambda/store/outbox-repo.js';
import { progress } from './stats.js';
import { type DnsChange, type HealthVersion, stormLoad } from './storm-events.js';
import { measureStorm, type Owed, owedToSlack, quietNow, type StormMeasures } from './storm-measure.js';
import {
  countingLog,
  STORM_CHANNEL,
  STORM_RATE_LIMIT,
  type StormWorld,
  startStormWorld,
} from './storm-world.js';

export const STORM_LOAD = { services: 100, versions: 500, names: 50, changes: 200, spanMs: 60_000 } as const;
/** The probe Lambda's rounds: every 3 s (issue: "~every 2–5 s"), one scheduled run a minute. */
const PROBE_INTERVAL_MS = 3_000;
const PROBE_RUN_MS = 60_000;
/** The Health events Lambda's timeout (lib/constructs/health-watch.ts) less the handler's 15 s margin. */
const HEALTH_RUN_MS = 60_000 - 15_000;
/** Longest the bench waits for a quiet outbox after the last event before it calls it not quiet. */
const QUIET_CAP_MS = Number(process.env.STORM_QUIET_CAP_SECONDS ?? 1800) * 1000;

export interface StormResult extends StormMeasures {
  channel: string;
  routing: string;
  rateLimit: typeof STORM_RATE_LIMIT;
  load: typeof STORM_LOAD & { probeIntervalSeconds: number; probeRounds: number; probeRuns: number };
  /** How late the harness handed the last event over, behind its schedule (a busy machine shows here). */
  lastEventLateMs: number;
  /** From the last event to no pending item, no owed root edit and no storm still due; undefined: not within the cap. */
  quietSeconds: number | undefined;
  quietCapSeconds: number;
  /** What was still owed to Slack when the bench stopped waiting (all 0 when it went quiet). */
  owedAtEnd: Owed;
  /** Warnings and errors the flows logged, by message. */
  logged: [string, number][];
}

/** Runs the storm once (≈ 60 s of load, then until the outbox is quiet) and measures it. */
export async function benchStorm(): Promise<StormResult> {
  const world = await startStormWorld(STORM_LOAD.names);
  try {
    return await runStorm(world);
  } finally {
    await world.close();
  }
}

async function runStorm(world: StormWorld): Promise<StormResult> {
  const { store, config, targets, slackSetup } = world;
  const log = countingLog();
  const produced = new Map<string, { at: number; entry: TimelineEntry }>();
  const note = (entries: readonly TimelineEntry[]) => {
    const at = Date.now();
    for (const entry of entries) produced.set(`${entry.incidentId} ${entry.entryId}`, { at, entry });
  };
  const start = Date.now() + 1_000;
  const load = stormLoad({ ...STORM_LOAD, start: new Date(start) });
  const healthTargets = config.targets.map((t) => ({
    id: targetId(t.name, t.type),
    name: t.name,
    type: t.type,
  }));

  // The probe Lambda: EventBridge starts a run every minute whether or not the last one has returned
  // (no reserved concurrency, lib/constructs/probing.ts), so a run still finishing its last Slack call
  // overlaps the next one's start; rounds every 3 s, delivering beside them.
  let stopped = false;
  let rounds = 0;
  let runs = 0;
  const roundStarts: number[] = [];
  const probeRun = async (runStart: number) => {
    const deadline = () => (stopped ? 0 : runStart + PROBE_RUN_MS);
    const probe = createProbeApp({ config, targets, store, log, slack: slackSetup, deadline });
    runs++;
    await runProbeInvocation(
      {
        round: async () => {
          roundStarts.push(Date.now());
          const round = await probe.round();
          rounds++;
          note(round.results.flatMap((r) => r.result.entries));
          return round;
        },
        deliver: () => probe.deliver(),
      },
      { intervalMs: PROBE_INTERVAL_MS, deadline, windowMs: PROBE_RUN_MS, log },
    ).catch((error: unknown) => log.error(`probe run failed: ${String(error).split('\n')[0]}`));
  };
  const probing = (async () => {
    const started: Promise<void>[] = [];
    for (let next = Date.now(); !stopped; next += PROBE_RUN_MS) {
      started.push(probeRun(Date.now()));
      // After the storm no further minute is waited for.
      while (!stopped && Date.now() < next + PROBE_RUN_MS) await sleep(100);
    }
    await Promise.all(started);
  })();

  // The Health events Lambda: one invocation per EventBridge delivery, as many at once as arrive.
  const invocations: Promise<void>[] = [];
  const invokeHealth = (version: HealthVersion) => {
    const invoked = Date.now();
    const app = createHealthApp({
      config,
      store,
      targets: healthTargets,
      log,
      now: () => new Date(),
      channel: config.slack.channel,
      slack: slackSetup,
      deadline: () => invoked + HEALTH_RUN_MS,
      owner: `health-events-${randomUUID()}`,
    });
    invocations.push(
      (async () => {
        note((await app.handleEvent(version.event)).entries);
        await app.deliver();
      })().catch((error: unknown) => log.error(`health invocation failed: ${String(error)}`)),
    );
  };
  const changeDns = (change: DnsChange) => {
    if (change.values.length) world.dns.setRecords(change.name, 'A', change.values, 5);
    else world.dns.deleteRecords(change.name, 'A');
  };

  const schedule = [
    ...load.health.map((v) => ({ atMs: v.atMs, run: () => invokeHealth(v) })),
    ...load.dns.map((c) => ({ atMs: c.atMs, run: () => changeDns(c) })),
  ].sort((a, b) => a.atMs - b.atMs);
  progress(
    `storm: ${load.health.length} Health versions over ${STORM_LOAD.services} services + ${load.dns.length} DNS changes over ${STORM_LOAD.names} names in ${STORM_LOAD.spanMs / 1000} s → ${STORM_CHANNEL}`,
  );
  let lastEventLateMs = 0;
  for (const event of schedule) {
    const due = start + event.atMs;
    if (due > Date.now()) await sleep(due - Date.now());
    lastEventLateMs = Date.now() - due;
    event.run();
  }
  const lastEventAt = Date.now();
  progress('storm: last event delivered; waiting for a quiet outbox …');

  // Quiet: every invocation done, two probe rounds since the last DNS change, nothing owed to Slack.
  let quietAt: number | undefined;
  let settled = false;
  void Promise.all(invocations).then(() => {
    settled = true;
  });
  let told = lastEventAt;
  while (Date.now() - lastEventAt < QUIET_CAP_MS) {
    const seen = roundStarts.filter((t) => t > lastEventAt).length >= 2;
    if (settled && seen && (await quietNow(store))) {
      quietAt = Date.now();
      break;
    }
    if (Date.now() - told >= 30_000) {
      told = Date.now();
      const owed = await owedToSlack(store);
      progress(
        `storm: +${Math.round((told - lastEventAt) / 1000)} s: ${owed.pending} items pending, ${owed.rootEdits} root edits owed, ${owed.storms} storms due; ${world.slack.traffic().length} calls so far`,
      );
    }
    await sleep(250);
  }
  const owed = await owedToSlack(store);
  stopped = true;
  await Promise.all(invocations);
  await probing;
  // For finding where a storm costs a state change time: every entry produced and every call, to a file.
  const tracePath = process.env.LOOKOUT_STORM_TRACE;
  if (tracePath)
    await writeFile(
      tracePath,
      JSON.stringify({
        produced: [...produced.values()].map(({ at, entry }) => ({
          at,
          incident: entry.incidentId,
          entry: entry.entryId,
          kind: entry.kind,
          source: entry.source,
          seq: OutboxRepo.seqOf(entry),
          weight: entryWeight(entry),
        })),
        messages: world.slack.messages.map((m) => ({
          ts: m.ts,
          channel: m.channel,
          thread: m.thread_ts,
          meta: m.metadata?.event_payload,
        })),
        calls: world.slack.traffic(),
      }),
    );
  const measures = await measureStorm({
    store,
    slack: world.slack,
    channel: STORM_CHANNEL,
    produced,
    pacingMs: slackPaceDefaults.perChannel.windowMs / slackPaceDefaults.perChannel.count,
  });
  return {
    channel: STORM_CHANNEL,
    routing:
      'Health and DNS both go to the one `slack.channel` (no routing rules): the worst case for one channel',
    rateLimit: STORM_RATE_LIMIT,
    load: {
      ...STORM_LOAD,
      probeIntervalSeconds: PROBE_INTERVAL_MS / 1000,
      probeRounds: rounds,
      probeRuns: runs,
    },
    lastEventLateMs,
    quietSeconds: quietAt === undefined ? undefined : (quietAt - lastEventAt) / 1000,
    owedAtEnd: owed,
    quietCapSeconds: QUIET_CAP_MS / 1000,
    logged: [...log.counts.entries()].sort((a, b) => b[1] - a[1]),
    ...measures,
  };
}
