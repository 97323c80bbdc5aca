import { describe, expect, it } from 'vitest';
import { silentLog } from '../../../lambda/ports/log.js';
import type { ProbeRunner } from '../../../lambda/service/probe-invocation.js';
import { runProbeInvocation } from '../../../lambda/service/probe-invocation.js';

/** A simulated clock: sleeping advances it, so a minute-long run takes no real time. */
function simulation(roundMs = 200) {
  let t = 0;
  const starts: number[] = [];
  const lookout = {
    round: async () => {
      starts.push(t);
      t += roundMs;
      return { observations: 1, results: [], failures: [] };
    },
    deliver: async () => ({ sent: 0, retried: 0, failed: 0 }),
  } as unknown as ProbeRunner;
  const sleep = async (ms: number) => {
    t += ms;
  };
  return { lookout, starts, now: () => t, sleep };
}

describe('Function: runProbeInvocation', () => {
  it('probes every interval but starts no round in the next scheduled run’s minute', async () => {
    const sim = simulation();
    // Lambda timeout 75 s minus the safety margin: the deadline alone would allow a round at 60 s.
    const summary = await runProbeInvocation(sim.lookout, {
      intervalMs: 10_000,
      deadline: () => 67_000,
      now: sim.now,
      sleep: sim.sleep,
      log: silentLog,
    });
    expect(sim.starts).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(summary.rounds).toBe(6);
  });

  it('stops before the deadline when rounds are slow', async () => {
    const sim = simulation(4_000);
    await runProbeInvocation(sim.lookout, {
      intervalMs: 10_000,
      deadline: () => 23_000,
      now: sim.now,
      sleep: sim.sleep,
      log: silentLog,
    });
    expect(sim.starts).toEqual([0, 10_000]);
  });

  it('starts delivering what earlier runs left in the outbox before its first round ends', async () => {
    // Prepare: the first round waits until the test lets it go; delivery records when it was asked.
    const log: string[] = [];
    let finishRound: () => void = () => {};
    const firstRound = new Promise<void>((resolve) => {
      finishRound = resolve;
    });
    let t = 0;
    const lookout = {
      round: async () => {
        log.push('round');
        if (log.filter((l) => l === 'round').length === 1) await firstRound;
        t += 1_000;
        return { observations: 1, results: [], failures: [] };
      },
      deliver: async () => {
        log.push('deliver');
        return { sent: 0, retried: 0, failed: 0 };
      },
    } as unknown as ProbeRunner;

    // Act
    const run = runProbeInvocation(lookout, {
      intervalMs: 10_000,
      deadline: () => 15_000,
      windowMs: 15_000,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
      log: silentLog,
    });
    await new Promise((settle) => setImmediate(settle));
    const beforeFirstRoundEnds = [...log];
    finishRound();
    await run;

    // Assess: a state change queued by the previous run does not wait for this run's first round.
    expect(beforeFirstRoundEnds).toEqual(['deliver', 'round']);
  });
});
