/** Paces calls to a rate-limited API: `take()` resolves when the next request may leave. */
export interface RateLimiter {
  take(): Promise<void>;
}
