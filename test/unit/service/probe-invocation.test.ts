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

  it('asks again shortly while another run holds the outbox, and never once it has stopped', async () => {
    // Prepare: an AWS Health invocation holds the outbox for the first six asks, then stops.
    let t = 0;
    let asks = 0;
    let returned = false;
    let askedAfterReturn = false;
    const lookout = {
      round: async () => {
        t += 1_000;
        return { observations: 1, results: [], failures: [] };
      },
      deliver: async () => {
        asks++;
        if (returned) askedAfterReturn = true;
        return asks <= 6
          ? { sent: 0, retried: 0, failed: 0, heldElsewhere: true }
          : { sent: 1, retried: 0, failed: 0 };
      },
    } as unknown as ProbeRunner;

    // Act: rounds at 0, 3 and 6 s: without asking again, 4 asks (one at the start, one per round).
    // Timers fire in the order of their due time on the simulated clock, once every caller has settled.
    const timers: { at: number; fire: () => void }[] = [];
    const run = runProbeInvocation(lookout, {
      intervalMs: 3_000,
      deadline: () => 9_000,
      windowMs: 9_000,
      now: () => t,
      sleep: (ms) => new Promise<void>((fire) => timers.push({ at: t + ms, fire })),
      log: silentLog,
    });
    let done = false;
    void run.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((settle) => setImmediate(settle));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) continue;
      t = Math.max(t, next.at);
      next.fire();
    }
    const summary = await run;
    returned = true;
    for (const timer of timers.splice(0)) timer.fire();
    for (let i = 0; i < 20; i++) await new Promise((settle) => setImmediate(settle));

    // Assess
    expect(summary.slack.sent).toBeGreaterThanOrEqual(1);
    expect(askedAfterReturn).toBe(false);
  });

  it('still waits for the delivery in flight when a round throws, and rethrows the round’s error', async () => {
    // Prepare: the kick before the first round starts a delivery that ends only when the test says so.
    let finishDelivery: () => void = () => {};
    let delivered = false;
    const lookout = {
      round: async () => {
        throw new Error('store unreachable');
      },
      deliver: () =>
        new Promise((resolve) => {
          finishDelivery = () => {
            delivered = true;
            resolve({ sent: 1, retried: 0, failed: 0 });
          };
        }),
    } as unknown as ProbeRunner;

    // Act
    let settled = false;
    const run = runProbeInvocation(lookout, {
      intervalMs: 3_000,
      deadline: () => 60_000,
      log: silentLog,
    }).finally(() => {
      settled = true;
    });
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));

    // Assess: the run has not returned under the delivery; once it ends, the round's error comes out.
    expect(settled).toBe(false);
    finishDelivery();
    await expect(run).rejects.toThrow('store unreachable');
    expect(delivered).toBe(true);
  });
});
