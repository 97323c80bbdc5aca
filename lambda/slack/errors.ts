/**
 * How a Slack failure should be handled:
 * - `retryable`: try again later (429, 5xx, network, timeouts, our own deadline);
 * - `permanent`: trying again cannot help (channel gone, bot not invited, token revoked, …);
 * - `content`: Slack refused this message's shape — resend it as plain text once.
 */
export type SlackFailureKind = 'retryable' | 'permanent' | 'content';

const CODES = {
  retryable: 'SLACK_RETRYABLE',
  permanent: 'SLACK_PERMANENT',
  content: 'SLACK_CONTENT',
} as const;

export class SlackDeliveryError extends Error {
  readonly code: (typeof CODES)[SlackFailureKind];
  readonly kind: SlackFailureKind;
  /** Slack's `error` string (`channel_not_found`) or the library's code for transport failures. */
  readonly reason: string;
  /** Seconds Slack asked us to wait, for rate limits. */
  readonly retryAfter: number | undefined;

  constructor(
    kind: SlackFailureKind,
    reason: string,
    options: { cause?: unknown; retryAfter?: number } = {},
  ) {
    super(`Slack delivery failed (${kind}): ${reason}`, { cause: options.cause });
    this.name = 'SlackDeliveryError';
    this.kind = kind;
    this.code = CODES[kind];
    this.reason = reason;
    this.retryAfter = options.retryAfter;
  }
}

/** Slack `error` values that describe the message, not the channel or the token. */
const CONTENT_ERRORS = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'too_many_attachments',
  'invalid_attachments',
  'markdown_text_conflict',
]);

/** Slack `error` values that a later attempt can get past. */
const RETRYABLE_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

interface LibraryError {
  code?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  retryAfter?: unknown;
}

/**
 * Maps an error thrown by `@slack/web-api` onto a SlackDeliveryError. Matches on the library's stable
 * `code` strings rather than `instanceof`, so two copies of the library in a bundle still classify.
 * Unknown platform errors count as permanent: Slack answered, and repeating the call gets the same answer.
 */
export function classifySlackError(error: unknown): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as LibraryError;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new SlackDeliveryError('retryable', 'ratelimited', {
        cause: error,
        ...(typeof e.retryAfter === 'number' ? { retryAfter: e.retryAfter } : {}),
      });
    case 'slack_webapi_request_error':
      return new SlackDeliveryError('retryable', 'request_error', { cause: error });
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const kind = status === 429 || status === 408 || status >= 500 ? 'retryable' : 'permanent';
      return new SlackDeliveryError(kind, `http_${status}`, { cause: error });
    }
    case 'slack_webapi_platform_error': {
      const reason = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (CONTENT_ERRORS.has(reason)) return new SlackDeliveryError('content', reason, { cause: error });
      if (RETRYABLE_ERRORS.has(reason)) return new SlackDeliveryError('retryable', reason, { cause: error });
      return new SlackDeliveryError('permanent', reason, { cause: error });
    }
    default:
      // Not from Slack at all (a bug, an aborted fetch surfaced raw): worth another try, bounded by attempts.
      return new SlackDeliveryError('retryable', error instanceof Error ? error.message : String(error), {
        cause: error,
      });
  }
}
