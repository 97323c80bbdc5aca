import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchBoard } from '../../bin/support/watch-board.js';
import { runWatch } from '../../bin/support/watch-loop.js';
import { WatchOutput } from '../../bin/support/watch-output.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import type { ResolverOutcome } from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';
import { silentLog } from '../../lambda/ports/log.js';
import { TimelineFeed } from '../../lambda/service/timeline-feed.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observeEach, target } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';
import { change } from '../support/route53-changes.js';

const RESOLVER = '10.0.0.1:53';
const T0 = Date.parse('2026-12-02T02:30:00.000Z');
const healthy: ResolverOutcome = {
  resolver: RESOLVER,
  kind: 'ANSWER',
  values: ['192.0.2.1'],
  ttl: 60,
  rcode: 'NOERROR',
  latencyMs: 2,
};

/**
 * `lookout start`'s loop over the real service and a dynalite store, on a simulated clock that moves in
 * one-second steps calling the heartbeat as start's timer does. Between rounds, racing enactors write
 * the record through the Route 53 flow over the same store (the entries reach the loop as they do from
 * another process: through the timeline feed).
 */
function rig(store: TestStore, subject: Target, options: { rounds: number; everyLine?: boolean }) {
  let clock = T0;
  let round = 0;
  const config = configSchema.parse({
    probe: { intervalSeconds: 5, resolvers: [RESOLVER] },
    targets: [{ name: subject.name, mode: subject.mode }],
  });
  const lookout = createProbeApp({
    config,
    targets: [subject],
    store: store.store,
    prober: { probe: async (t: Target) => observeEach(new Date(clock), [healthy], t) },
    log: silentLog,
    now: () => new Date(clock),
  });
  const route53 = pipeline(store.store, { now: () => new Date(clock) });
  let text = '';
  /** When (ms after T0) each line was written. */
  const writtenAt = new Map<string, number>();
  const now = () => clock;
  const board = new WatchBoard([subject]);
  const feed = new TimelineFeed(store.store);
  const write = (s: string) => {
    text += s;
    for (const line of s.split('\n')) writtenAt.set(line, clock - T0);
  };
  const output = new WatchOutput({ write }, board, (e) => feed.fresh(e), {
    now,
    ...(options.everyLine ? { everyLine: true } : {}),
  });
  const run = () =>
    runWatch({
      lookout: {
        round: async () => {
          round++;
          return lookout.round();
        },
      },
      board,
      output,
      feed,
      log: silentLog,
      intervalMs: 5_000,
      rounds: options.rounds,
      stopping: () => false,
      now,
      sleep: async (ms) => {
        // After the first round: 12 writes by three enactors within 1.1 s (the October race's shape).
        if (round === 1)
          for (let i = 0; i < 12; i++)
            await route53.ingest.ingest(
              change(`enactor-${(i % 3) + 1}`, 'UPSERT', [`10.0.0.${i + 10}`], 0.1 * i),
            );
        for (let left = ms; left > 0; left -= 1_000) {
          clock += Math.min(1_000, left);
          output.heartbeat();
        }
      },
    });
  return { run, lines: () => text.split('\n').filter(Boolean), writtenAt };
}

describe('Integration: lookout start prints a burst of record changes as one group line', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => store.close());

  it('prints the opening at once and the record changes as one line once the 10 s window closes', async () => {
    // Prepare
    const r = rig(store, target(), { rounds: 6 });
    // Act
    await r.run();
    // Assess: the racing writers' incident opened at once; its record changes as one group line.
    const lines = r.lines();
    const opened = lines.findIndex((l) => /OPENED/.test(l));
    const group = lines.findIndex((l) => / record changes by /.test(l));
    expect(opened).toBeGreaterThan(-1);
    expect(lines[group]).toMatch(
      /RECORD_CHANGED {2}\d+ record changes by (enactor-\d, ){2}enactor-\d in \d\.\d s {2}· incident inc-/,
    );
    expect(lines.filter((l) => /^\S.*RECORD_CHANGED/.test(l))).toHaveLength(1);
    expect(opened).toBeLessThan(group);
    // The feed found them in round 2 (5 s); the group printed when its window closed, not at the end.
    expect(r.writtenAt.get(lines[opened] as string)).toBe(5_000);
    expect(r.writtenAt.get(lines[group] as string)).toBe(15_000);
    expect(lines.some((l) => /^ {4}… and \d+ more: lookout show inc-/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/; \d+ timeline entries printed; 1 incident open/);
  });

  it('prints every record change on its own line with --every-line', async () => {
    // Prepare: a target of its own, so this incident is not the previous test's.
    const subject = target({ id: 'other.us-east-1.amazonaws.com/A', name: 'other.us-east-1.amazonaws.com' });
    const r = rig(store, subject, { rounds: 3, everyLine: true });
    // Act
    await r.run();
    // Assess
    const changes = r.lines().filter((l) => /RECORD_CHANGED/.test(l));
    expect(changes.length).toBeGreaterThan(1);
    expect(r.lines().some((l) => / record changes by /.test(l))).toBe(false);
  });
});
