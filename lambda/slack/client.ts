import { type Logger, LogLevel, WebClient } from '@slack/web-api';

export interface SlackClientOptions {
  /** `http://127.0.0.1:PORT/api/` in tests; Slack's own URL otherwise. */
  slackApiUrl?: string;
  /** Per HTTP request; a hung connection becomes a failure of unknown outcome instead of a hung Lambda. */
  timeoutMs?: number;
  logLevel?: LogLevel;
  logger?: Logger;
}

export const slackClientDefaults = {
  timeoutMs: 10_000,
  // The library's own warnings ("http request failed") would repeat on the terminal what the outbox
  // already reports, with the reason and what happens next.
  logLevel: LogLevel.ERROR,
} as const;

/**
 * A WebClient configured for the outbox sender, which is the only retry layer for Slack calls: the
 * library's own retries are off. A post that Slack performed but answered late would otherwise be sent
 * again by the library (and again by the outbox) — the outbox instead looks a post of unknown outcome up
 * by its metadata before it ever sends it again. 429s are handed to SlackPoster
 * (`rejectRateLimitedCalls`), whose wait respects the run's deadline.
 * @example const poster = new SlackPoster(createSlackClient(env.SLACK_BOT_TOKEN), { deadline });
 */
export function createSlackClient(token: string, options: SlackClientOptions = {}): WebClient {
  return new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    logLevel: options.logLevel ?? slackClientDefaults.logLevel,
    timeout: options.timeoutMs ?? slackClientDefaults.timeoutMs,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
}
