import type { Log } from './logger.js';
import type { Lookout } from './lookout.js';

export interface InvocationSummary {
  rounds: number;
  observations: number;
  entries: number;
  slack: { sent: number; retried: number; failed: number };
  failures: string[];
}

/**
 * One scheduled Lambda run: probe rounds every `intervalMs` until the next round would not finish before
 * the deadline, delivering Slack messages after each round. A minute-long schedule with rounds every
 * ~10 s makes detection sub-minute. Target failures are collected and thrown at the end, so the run
 * fails and reaches the dead-letter queue instead of being silently swallowed.
 */
export async function runProbeInvocation(
  lookout: Lookout,
  options: {
    intervalMs: number;
    deadline: () => number;
    now?: () => number;
    log: Log;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<InvocationSummary> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const summary: InvocationSummary = {
    rounds: 0,
    observations: 0,
    entries: 0,
    slack: { sent: 0, retried: 0, failed: 0 },
    failures: [],
  };
  let roundCost = 0;
  for (;;) {
    const started = now();
    const round = await lookout.round();
    summary.rounds++;
    summary.observations += round.observations;
    summary.entries += round.results.reduce((n, r) => n + r.result.entries.length, 0);
    summary.failures.push(...round.failures.map((f) => `${f.target.id}: ${f.error.message}`));
    const delivered = await lookout.deliver();
    summary.slack.sent += delivered.sent;
    summary.slack.retried += delivered.retried;
    summary.slack.failed += delivered.failed;
    roundCost = Math.max(roundCost, now() - started);
    const nextStart = started + options.intervalMs;
    if (nextStart + roundCost >= options.deadline()) break;
    await sleep(Math.max(0, nextStart - now()));
  }
  options.log.info('probe invocation finished', { ...summary });
  if (summary.failures.length) {
    throw new Error(
      `probe run could not process ${summary.failures.length} observation(s): ${summary.failures.slice(0, 5).join('; ')}`,
    );
  }
  return summary;
}
