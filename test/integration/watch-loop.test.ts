import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchBoard } from '../../bin/support/watch-board.js';
import { runWatch } from '../../bin/support/watch-loop.js';
import { WatchOutput } from '../../bin/support/watch-output.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import type { Observation, ResolverOutcome } from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';
import { silentLog } from '../../lambda/ports/log.js';
import { runProbeRound } from '../../lambda/service/probe-round.js';
import { TimelineFeed } from '../../lambda/service/timeline-feed.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observeEach, target } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

const RESOLVER = '10.0.0.1:53';
const T0 = Date.parse('2026-12-02T02:30:00.000Z');

const answer = (values: string[], ttl: number): ResolverOutcome => ({
  resolver: RESOLVER,
  kind: 'ANSWER',
  values: [...values].sort(),
  ttl,
  rcode: 'NOERROR',
  latencyMs: 2,
});
const nodata: ResolverOutcome = {
  resolver: RESOLVER,
  kind: 'NODATA',
  values: [],
  negativeTtl: 30,
  rcode: 'NOERROR',
  latencyMs: 2,
};

const exact = target({
  id: 'api.lookout.test/A',
  name: 'api.lookout.test',
  mode: 'exact',
  resolvers: [RESOLVER],
});
const pool = target({
  id: 'pool.lookout.test/A',
  name: 'pool.lookout.test',
  mode: 'pool',
  resolvers: [RESOLVER],
});

/**
 * `lookout start`'s loop over the real service and a dynalite store, with a scripted prober and a
 * simulated clock: each sleep advances the clock in one-second steps, calling the heartbeat as start's
 * timer does, and runs what the test scheduled for that moment (another command's `ack`, ...).
 */
function rig(
  store: TestStore,
  targets: Target[],
  script: (target: Target, round: number) => ResolverOutcome[],
  options: { rounds: number; between?: (round: number) => Promise<void> },
) {
  let clock = T0;
  let round = 0;
  const prober = {
    probe: async (t: Target): Promise<Observation> => observeEach(new Date(clock), script(t, round), t),
  };
  const config = configSchema.parse({
    probe: { intervalSeconds: 5, resolvers: [RESOLVER] },
    targets: targets.map((t) => ({ name: t.name, mode: t.mode })),
  });
  const now = () => clock;
  const lookout = createProbeApp({
    config,
    targets,
    store: store.store,
    prober,
    log: silentLog,
    now: () => new Date(clock),
  });
  const counting = {
    round: async () => {
      round++;
      return lookout.round();
    },
  };
  let text = '';
  const board = new WatchBoard(targets);
  const feed = new TimelineFeed(store.store);
  const output = new WatchOutput({ write: (s: string) => (text += s) }, board, (e) => feed.fresh(e), { now });
  const run = () =>
    runWatch({
      lookout: counting,
      board,
      output,
      feed,
      log: silentLog,
      intervalMs: 5_000,
      rounds: options.rounds,
      stopping: () => false,
      now,
      sleep: async (ms) => {
        await options.between?.(round);
        for (let left = ms; left > 0; left -= 1_000) {
          clock += Math.min(1_000, left);
          output.heartbeat();
        }
      },
    });
  return { run, output: () => text, lines: () => text.split('\n').filter(Boolean), board, feed };
}

describe('Integration: lookout start’s watch loop (service, dynalite, simulated clock)', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => store.close());

  it('prints a target once while only the TTL counts down, and again when its values change', async () => {
    // Prepare: a caching resolver's TTL falls by 5 s a round; the pool rotates 2 of 4 addresses.
    const ips = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'];
    const r = rig(
      store,
      [
        { ...exact, id: 'ttl.lookout.test/A', name: 'ttl.lookout.test' },
        { ...pool, id: 'rotating.lookout.test/A', name: 'rotating.lookout.test' },
      ],
      (t, round) =>
        t.mode === 'exact'
          ? [answer(round < 7 ? ['192.0.2.10', '192.0.2.11'] : ['192.0.2.12'], 60 - 5 * round)]
          : [answer([ips[round % 4] as string, ips[(round + 1) % 4] as string], 60 - 5 * round)],
      { rounds: 9 },
    );
    // Act
    await r.run();
    // Assess
    const exactLines = r.lines().filter((l) => l.includes('ttl.lookout.test/A  answering'));
    expect(exactLines).toHaveLength(2);
    expect(exactLines[0]).toContain('answering: 192.0.2.10, 192.0.2.11 (TTL 55 s)');
    expect(exactLines[1]).toContain('answering: 192.0.2.12 (TTL 25 s)');
    expect(r.lines().filter((l) => l.includes('rotating.lookout.test/A'))).toHaveLength(1);
  });

  it('prints entries another command wrote (ack, resolve) once, as they reach the store', async () => {
    // Prepare: the name answers, then goes empty: EMPTY opens an incident in round 5. Another process
    // (the CLI: its own IncidentCommands and writer over the same store) acknowledges it after round 6 and resolves it
    // after round 8.
    const subject = { ...exact, id: 'acked.lookout.test/A', name: 'acked.lookout.test' };
    const cli = pipeline(store.store, { now: () => new Date(T0 + 60_000) });
    let incidentId = '';
    const r = rig(store, [subject], (_t, round) => (round <= 3 ? [answer(['192.0.2.20'], 60)] : [nodata]), {
      rounds: 10,
      between: async (round) => {
        if (round === 5) incidentId = (await store.store.incidents.openClaim(subject.id))?.incidentId ?? '';
        if (round === 6) await cli.commands.acknowledge(incidentId, 'cli:alice');
        if (round === 8) await cli.commands.resolve(incidentId, 'cli:alice', 'restored by hand');
      },
    });
    // Act
    await r.run();
    // Assess
    const lines = r.lines();
    const index = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(incidentId).toMatch(/^inc-/);
    expect(lines.filter((l) => /OPENED/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /ACKNOWLEDGED/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /RESOLVED/.test(l))).toHaveLength(1);
    expect(lines[index(/ACKNOWLEDGED/)]).toContain('acked.lookout.test/A');
    expect(index(/OPENED/)).toBeLessThan(index(/ACKNOWLEDGED/));
    expect(index(/ACKNOWLEDGED/)).toBeLessThan(index(/RESOLVED/));
    expect(lines.at(-1)).toBe(
      'done: 10 rounds, 1 target empty; 3 timeline entries printed; no incident open',
    );
  });

  it('says it is still watching after a minute of no change, with the time since the last round', async () => {
    // Prepare: two healthy targets, 14 rounds 5 s apart (70 s), nothing changes after the first.
    const r = rig(
      store,
      [
        { ...exact, id: 'quiet-a.lookout.test/A', name: 'quiet-a.lookout.test' },
        { ...exact, id: 'quiet-b.lookout.test/A', name: 'quiet-b.lookout.test' },
      ],
      (t) => [answer([t.name.startsWith('quiet-a') ? '192.0.2.30' : '192.0.2.31'], 60)],
      { rounds: 14 },
    );
    // Act
    await r.run();
    // Assess: one heartbeat, a minute after the last line printed, one second after the latest round.
    const beats = r.lines().filter((l) => l.includes('last round'));
    expect(beats).toEqual(['2026-12-02 02:31:00 UTC  2 targets healthy, last round 5.0 s ago']);
    expect(r.lines().at(-1)).toBe(
      'done: 14 rounds, 2 targets healthy; 0 timeline entries printed; no incident open',
    );
  });
});

describe('Function: runProbeRound', () => {
  it('returns results in target order whatever order the probes finish in', async () => {
    // Prepare: the first target's probe answers only once the last one has answered.
    const targets = ['a', 'b', 'c'].map((n) =>
      target({ id: `${n}.lookout.test/A`, name: `${n}.lookout.test` }),
    );
    let lastAnswered: () => void = () => {};
    const last = new Promise<void>((resolve) => {
      lastAnswered = resolve;
    });
    const finished: string[] = [];
    const prober = {
      probe: async (t: Target) => {
        if (t === targets[0]) await last;
        finished.push(t.id);
        if (t === targets[2]) lastAnswered();
        return observeEach(new Date(T0), [answer(['192.0.2.1'], 60)], t);
      },
    };
    const processor = {
      process: async (observation: Observation) => ({ observation }),
    } as unknown as Parameters<typeof runProbeRound>[2];
    // Act
    const round = await runProbeRound(targets, prober, processor, { log: silentLog });
    // Assess
    expect(finished[0]).not.toBe(targets[0]?.id);
    expect(round.results.map((r) => r.target.id)).toEqual(targets.map((t) => t.id));
  });
});
