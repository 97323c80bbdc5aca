import { sleep as realSleep, type Sleep } from './sleep.js';

export interface RetryPolicy {
  /** Total tries, the first included; ≥ 1. Every retry loop in Lookout is bounded. */
  attempts: number;
  /** Whether a failure may be tried again. Only failures whose outcome is known (nothing was done). */
  retryable: (error: unknown) => boolean;
  /** Wait before try `n + 1` (n = tries so far); none = retry at once (e.g. an optimistic-concurrency re-read). */
  backoff?: (tries: number) => number;
  sleep?: Sleep;
  /** Told before each retry (a debug log line), with the failure and the tries so far. */
  onRetry?: (error: unknown, tries: number) => void;
}

/** Exponential backoff with a cap: base, 2·base, 4·base, … ≤ max. */
export function exponential(baseMs: number, maxMs: number): (tries: number) => number {
  return (tries) => Math.min(maxMs, baseMs * 2 ** (tries - 1));
}

/**
 * The one retry loop. Runs `fn` until it succeeds, fails with an error `retryable` rejects (thrown as
 * is), or runs out of attempts (the last error is thrown as is, so callers still branch on its type).
 * Never used around a call whose outcome is unknown (a Slack post that timed out): those are looked up.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry attempts must be a whole number ≥ 1, got ${policy.attempts}`);
  }
  const wait = policy.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !policy.retryable(error)) throw error;
      policy.onRetry?.(error, attempt);
      const ms = policy.backoff?.(attempt) ?? 0;
      if (ms > 0) await wait(ms);
    }
  }
}
