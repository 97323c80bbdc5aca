import type { RateLimiter } from '../../ports/rate-limiter.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Static keys, or a provider such as the SDK's default chain (`route53Client.config.credentials`). */
export type CredentialsSource = AwsCredentials | (() => Promise<AwsCredentials>);

export interface ChangeHistoryClientOptions {
  /** Route 53 API endpoint; `https://route53.amazonaws.com` unless given (e.g. a local server). */
  endpoint?: string;
  /** Route 53 signs in us-east-1 whatever the control-plane location. */
  region?: 'us-east-1';
  credentials: CredentialsSource;
  fetch?: typeof fetch;
  /** Lookout's share of the account's Route 53 budget: one token per HTTP request, retries included. */
  limiter?: RateLimiter;
  /** Attempts per request when Route 53 throttles or fails transiently (default 4). */
  maxAttempts?: number;
  /** First backoff in ms, doubled per retry with full jitter, capped at 5 s (default 200). */
  baseDelayMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}
