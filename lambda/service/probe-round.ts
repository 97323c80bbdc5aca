import { causeOf, roundVerdict } from '../domain/causes/round-verdict.js';
import type { Observation } from '../domain/observation.js';
import type { Target } from '../domain/targets.js';
import type { ObservationProcessor, ProcessResult } from '../engine/observation-processor.js';
import type { Log } from '../ports/log.js';
import type { Prober } from '../ports/prober.js';

export interface RoundResult {
  observations: number;
  /** In the order of `targets` (config order), whatever order the probes finished in. */
  results: { target: Target; observation: Observation; result: ProcessResult }[];
  /** Targets whose processing failed (store unreachable, ...): logged, retried next round. In target order. */
  failures: { target: Target; error: Error }[];
}

/**
 * One probe round: every target probed, then every observation processed, at most `concurrency` at a
 * time so a large watch list neither floods the resolvers nor the store. All probes come first because
 * the round's observations together tell whether a resolver is down for every target asking it (one
 * cause, one incident) or one target has trouble of its own; probing is bounded by the probe timeout.
 * Targets are independent: one failing does not stop the others, and its failure is returned to the
 * caller (the Lambda fails the invocation).
 */
export async function runProbeRound(
  targets: readonly Target[],
  prober: Prober,
  processor: ObservationProcessor,
  options: {
    concurrency?: number;
    log: Log;
    onResult?: (r: RoundResult['results'][number]) => void | Promise<void>;
  },
): Promise<RoundResult> {
  const observations: (Observation | undefined)[] = [];
  const results: (RoundResult['results'][number] | undefined)[] = [];
  const failures: (RoundResult['failures'][number] | undefined)[] = [];
  const fail = (index: number, target: Target, error: unknown) => {
    options.log.error('probe round failed for target', error, { targetId: target.id });
    failures[index] = { target, error: error as Error };
  };
  const concurrency = options.concurrency ?? 32;
  await eachLimited(targets, concurrency, async (target, index) => {
    try {
      observations[index] = await prober.probe(target);
    } catch (error) {
      fail(index, target, error);
    }
  });
  const verdict = roundVerdict(observations.filter((o) => o !== undefined));
  await eachLimited(targets, concurrency, async (target, index) => {
    const observation = observations[index];
    if (!observation) return;
    try {
      const result = await processor.process(observation, target, causeOf(observation, verdict));
      const row = { target, observation, result };
      results[index] = row;
      await options.onResult?.(row);
    } catch (error) {
      fail(index, target, error);
    }
  });
  const done = results.filter((r) => r !== undefined);
  return { observations: done.length, results: done, failures: failures.filter((f) => f !== undefined) };
}

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
