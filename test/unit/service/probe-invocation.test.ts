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
});
