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
  /** File ids shared with this message (files.completeUploadExternal). */
  files?: string[];
  /** Deleted through a response_url (`delete_original`): history and replies no longer show it. */
  deleted?: boolean;
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
  /**
   * Rate limits (`rate-limits.ts`), false = none. By default chat.postMessage has a per-channel token
   * bucket like Slack's ~1 message/s with bursts (`perSecond` 1, `burst` 3); `tiers: true` also limits
   * every other method by its documented tier (`method-tiers.ts`), per method for the workspace.
   */
  rateLimit?: { perSecond?: number; burst?: number; tiers?: boolean } | false;
  /**
   * The clock rate limits and the traffic log run on, in epoch milliseconds (default `Date.now`). Apart
   * from `clock` so tests that freeze trigger expiry do not also freeze the per-channel buckets.
   */
  now?: () => number;
  /** How many Web API calls `traffic()` keeps, newest last (default 200,000). */
  trafficCapacity?: number;
  /** Channel names (without `#`) by id, for posting by name and `conversations.list`. */
  names?: Record<string, string>;
  /** Scopes the token has; a method needing another answers `missing_scope`. Default: all. */
  scopes?: string[];
  /**
   * The clock trigger ids and response URLs expire by, in epoch milliseconds (default `Date.now`):
   * tests move it instead of sleeping.
   */
  clock?: () => number;
  /** People in the workspace: user id → name (the bot, `U0LOOKOUT`, is always there). */
  users?: Record<string, string>;
  /** Channel id → the people in it (besides the bot, which is in every channel not in `notInChannel`). */
  members?: Record<string, string[]>;
  /** User groups: id (`S…`) → its members, handle, and whether it is disabled. */
  usergroups?: Record<string, Usergroup>;
}

export interface Usergroup {
  users: string[];
  handle?: string;
  disabled?: boolean;
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
  /** User id → name. */
  readonly users: Map<string, string>;
  /** Channel id → people in it (the bot's own membership is `notInChannel`'s complement). */
  readonly members: Map<string, Set<string>>;
  readonly archived: Set<string>;
  readonly privateChannels: Set<string>;
  readonly usergroups: Map<string, Usergroup>;
}

/** The bot user the token belongs to (auth.test's `user_id`). */
export const BOT_USER = 'U0LOOKOUT';
export const TEAM_ID = 'T0LOOKOUT';

/** A modal as the app last set it, with what changed it. */
export interface RecordedView {
  id: string;
  /** Who the modal was opened for (the trigger's user). */
  user: string;
  method: 'views.open' | 'views.push';
  root_view_id: string;
  previous_view_id: string | null;
  external_id?: string;
  hash: string;
  /** The view as last set (open, push or update). */
  view: Record<string, unknown>;
  /** Every accepted views.update of this view, oldest first. */
  updates: Record<string, unknown>[];
}

/** A message only one person sees: chat.postEphemeral, or an ephemeral response_url answer. */
export interface RecordedEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  via: 'chat.postEphemeral' | 'response_url';
}

/** One POST to a response_url, accepted or refused. */
export interface RecordedResponse {
  url: string;
  status: number;
  error?: string;
  body: Record<string, unknown> | undefined;
}

export interface RecordedUpload {
  file_id: string;
  filename: string;
  /** The length files.getUploadURLExternal was told. */
  length: number;
  /** What was POSTed to the upload URL (undefined until then). */
  bytes?: Buffer;
  completed: boolean;
  title?: string;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
}

/** What a slash command sends the app (Slack's form fields), with its trigger and response URL. */
export interface SlashCommandPayload {
  team_id: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  trigger_id: string;
  response_url: string;
}
