import type { Log } from '../ports/log.js';
import { sleep as realSleep } from '../shared/sleep.js';
import { BackgroundDelivery, type OutboxDelivery } from './background-delivery.js';
import type { RoundResult } from './probe-round.js';

/** The probe flow as a scheduled run drives it (the probe app). */
export interface ProbeRunner extends OutboxDelivery {
  round(): Promise<RoundResult>;
}

export interface InvocationSummary {
  rounds: number;
  observations: number;
  entries: number;
  slack: { sent: number; retried: number; failed: number };
  failures: string[];
}

/** How soon a run asks again for the outbox another run holds. */
const STANDBY_MS = 250;

/**
 * One scheduled Lambda run: probe rounds every `intervalMs`, starting only within `windowMs` of the
 * run's start (the schedule's period), so the next scheduled run takes over without two runs probing
 * the same minute — doubled probes a second apart would turn a one-second blip into "N consecutive"
 * empty probes. Slack delivery runs beside the rounds and never delays the next probe; the run waits
 * for it before returning. Target failures are thrown at the end, so the run fails and its event
 * reaches the dead-letter queue instead of being swallowed.
 */
export async function runProbeInvocation(
  lookout: ProbeRunner,
  options: {
    intervalMs: number;
    deadline: () => number;
    /** The schedule's period: no round starts later than this after the run began. */
    windowMs?: number;
    now?: () => number;
    log: Log;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<InvocationSummary> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const errors: Error[] = [];
  const summary: InvocationSummary = {
    rounds: 0,
    observations: 0,
    entries: 0,
    slack: { sent: 0, retried: 0, failed: 0 },
    failures: [],
  };
  const runStart = now();
  const lastStart = runStart + (options.windowMs ?? 60_000) - options.intervalMs / 2;
  let stopping = false;
  let standingBy = false;
  const delivery = new BackgroundDelivery(lookout, (d) => {
    summary.slack.sent += d.sent;
    summary.slack.retried += d.retried;
    summary.slack.failed += d.failed;
    // Another run (an AWS Health invocation) holds the outbox: ask again shortly, so the channel's calls
    // go on the moment it stops at its own deadline instead of at this run's next round (the storm bench
    // saw a 3.6 s pause so). One lease attempt per STANDBY_MS at most, and never after this run stops.
    if (!d.heldElsewhere || standingBy || stopping || now() + STANDBY_MS >= options.deadline()) return;
    standingBy = true;
    void sleep(STANDBY_MS).then(() => {
      standingBy = false;
      if (!stopping) delivery.kick();
    });
  });
  let roundCost = 0;
  // What the previous run left in the outbox goes out while the first round probes: in a storm the
  // channel's calls would otherwise pause for a whole round at every scheduled run (the storm bench
  // measured 2–3.5 s each minute).
  delivery.kick();
  try {
    for (;;) {
      const started = now();
      const round = await lookout.round();
      summary.rounds++;
      summary.observations += round.observations;
      summary.entries += round.results.reduce((n, r) => n + r.result.entries.length, 0);
      summary.failures.push(...round.failures.map((f) => `${f.target.id}: ${f.error.message}`));
      errors.push(...round.failures.map((f) => f.error));
      delivery.kick();
      roundCost = Math.max(roundCost, now() - started);
      const nextStart = started + options.intervalMs;
      if (nextStart > lastStart || nextStart + roundCost >= options.deadline()) break;
      await sleep(Math.max(0, nextStart - now()));
    }
  } finally {
    // Also when a round throws: a Slack call in flight is never abandoned mid-post by the run's return.
    stopping = true;
    await delivery.drain();
  }
  options.log.info('probe invocation finished', { ...summary });
  if (summary.failures.length) {
    // Every failure kept (stack and cause in the log), the first few named in the message.
    throw new AggregateError(
      errors,
      `probe run could not process ${summary.failures.length} observation(s): ${summary.failures.slice(0, 5).join('; ')}`,
    );
  }
  return summary;
}
