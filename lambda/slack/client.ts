import { type Logger, LogLevel, WebClient } from '@slack/web-api';

export interface SlackClientOptions {
  /** `http://127.0.0.1:PORT/api/` in tests; Slack's own URL otherwise. */
  slackApiUrl?: string;
  /** Per HTTP request; a hung connection becomes a retryable error instead of a hung Lambda. */
  timeoutMs?: number;
  /** Total time the library may spend retrying 5xx and network errors for one call. */
  retryBudgetMs?: number;
  logLevel?: LogLevel;
  logger?: Logger;
}

export const slackClientDefaults = {
  timeoutMs: 5_000,
  retryBudgetMs: 8_000,
  logLevel: LogLevel.WARN,
} as const;

/**
 * A WebClient configured for the outbox sender. The library keeps retrying 5xx and network errors
 * (bounded by `retryBudgetMs`), but 429s are handed to SlackPoster (`rejectRateLimitedCalls`): the
 * library's own rate-limit wait cannot be cancelled and is only checked against its budget after
 * sleeping the whole Retry-After, so a long Retry-After would run a Lambda past its deadline.
 * @example const poster = new SlackPoster(createSlackClient(env.SLACK_BOT_TOKEN), { deadline });
 */
export function createSlackClient(token: string, options: SlackClientOptions = {}): WebClient {
  const budget = options.retryBudgetMs ?? slackClientDefaults.retryBudgetMs;
  return new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    logLevel: options.logLevel ?? slackClientDefaults.logLevel,
    timeout: options.timeoutMs ?? slackClientDefaults.timeoutMs,
    rejectRateLimitedCalls: true,
    retryConfig: {
      retries: 3,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 2_000,
      randomize: true,
      maxRetryTime: budget,
    },
  });
}
