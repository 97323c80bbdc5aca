import { exponential, type RetryPolicy } from '../shared/retry.js';
import type { Sleep } from '../shared/sleep.js';
import { ConcurrentUpdateError } from '../store/errors.js';

/** Tries of one incident write when another writer keeps changing it underneath. */
export const INCIDENT_WRITE_ATTEMPTS = 10;

/**
 * Optimistic concurrency on one item: another writer changed it since it was read, so read it again
 * and decide again. Waits 20 ms, 40 ms … ≤ 1.28 s between tries, so two copies of Lookout racing for
 * one incident fall out of step instead of colliding every time.
 */
export function onConflict(
  attempts: number,
  options: { sleep?: Sleep | undefined; onRetry?: RetryPolicy['onRetry']; backoff?: boolean } = {},
): RetryPolicy {
  return {
    attempts,
    retryable: (error) => error instanceof ConcurrentUpdateError,
    ...(options.backoff === false ? {} : { backoff: exponential(20, 1280) }),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  };
}
