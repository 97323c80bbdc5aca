/**
 * One fault to inject into the next matching request(s):
 * - `status`: that HTTP status with a Slack-shaped body, call not performed;
 * - `error`: Slack refuses the call with that `error` (429 + Retry-After for `ratelimited`);
 * - `delayMs`: wait, then handle the call normally;
 * - `performThenDelayMs`: perform the call at once, answer only after the delay (a slow Slack whose
 *   client times out although the message was posted);
 * - `body`: answer with a body that is not Slack's (a proxy's HTML page, an empty body), call not performed.
 */
export type SlackFault =
  | { status: number }
  | { error: string; retryAfter?: number }
  | { delayMs: number }
  | { performThenDelayMs: number }
  | { body: string; status?: number; contentType?: string };

export interface RecordedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  /** Every accepted chat.update of this message, oldest first. */
  updates: { text?: string; blocks?: unknown[] }[];
  /** Message metadata as posted (`event_type`, `event_payload`). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface RequestLog {
  method: string;
  channel?: string;
  status: number;
  error?: string;
}

export interface FakeSlackOptions {
  /** Bot tokens that authenticate; anything else is `invalid_auth`. */
  tokens?: string[];
  /** Channel ids or names that exist; posting elsewhere is `channel_not_found`. */
  channels?: string[];
  /** Channels that exist but the bot is not a member of (`not_in_channel`). */
  notInChannel?: string[];
  /** Per-channel token bucket for chat.postMessage, like Slack's ~1 message/s with bursts; false = off. */
  rateLimit?: { perSecond: number; burst: number } | false;
  /** Channel names (without `#`) by id, for posting by name and `conversations.list`. */
  names?: Record<string, string>;
  /** Scopes the token has; a method needing another answers `missing_scope`. Default: all. */
  scopes?: string[];
}

/**
 * The workspace the method handlers read and change, shared by reference with `FakeSlack` so tests
 * see what the handlers recorded.
 */
export interface Workspace {
  readonly messages: RecordedMessage[];
  readonly channels: Set<string>;
  readonly notInChannel: Set<string>;
  readonly names: Map<string, string>;
}
