import type { Observation } from '../domain/observation.js';
import type { Target } from '../domain/targets.js';
import type { Log } from './logger.js';
import type { ObservationProcessor, ProcessResult } from './observation-processor.js';

export interface Prober {
  probe(target: Target): Promise<Observation>;
}

export interface RoundResult {
  observations: number;
  /** In the order of `targets` (config order), whatever order the probes finished in. */
  results: { target: Target; observation: Observation; result: ProcessResult }[];
  /** Targets whose processing failed (store unreachable, ...): logged, retried next round. In target order. */
  failures: { target: Target; error: Error }[];
}

/**
 * One probe round: every target probed and processed, at most `concurrency` at a time so a large
 * watch list neither floods the resolvers nor the store. Targets are independent: one failing does
 * not stop the others, and its failure is returned to the caller (the Lambda fails the invocation).
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
  const results: (RoundResult['results'][number] | undefined)[] = [];
  const failures: (RoundResult['failures'][number] | undefined)[] = [];
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index] as Target;
      try {
        const observation = await prober.probe(target);
        const result = await processor.process(observation, target);
        const row = { target, observation, result };
        results[index] = row;
        await options.onResult?.(row);
      } catch (error) {
        options.log.error('probe round failed for target', { targetId: target.id, error: String(error) });
        failures[index] = { target, error: error as Error };
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 32, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const done = results.filter((r) => r !== undefined);
  return { observations: done.length, results: done, failures: failures.filter((f) => f !== undefined) };
}
