import { LookoutError } from '../domain/errors.js';

/**
 * How a Slack failure should be handled:
 * - `retryable`: try this item again later (429, 5xx, network, timeouts, a body that is not Slack's);
 * - `permanent`: Slack refused this one message or channel and trying again cannot help;
 * - `content`: Slack refused this message's shape — resend it as plain text once;
 * - `paused`: the token or workspace refuses everything (`invalid_auth`, `token_revoked`, `missing_scope`,
 *   …): nothing can be delivered until a person fixes it, so no item is failed for it.
 */
export type SlackFailureKind = 'retryable' | 'permanent' | 'content' | 'paused';

const CODES = {
  retryable: 'SLACK_RETRYABLE',
  permanent: 'SLACK_PERMANENT',
  content: 'SLACK_CONTENT',
  paused: 'SLACK_PAUSED',
} as const;

export class SlackDeliveryError extends LookoutError {
  // Spelled out: the Lambda bundle is minified, so the class's own name would not survive.
  override name = 'SlackDeliveryError';
  /** Stable per kind, so a caller branches on `code` as on any Lookout error. */
  readonly code: (typeof CODES)[SlackFailureKind];
  readonly kind: SlackFailureKind;
  /** Slack's `error` string (`channel_not_found`) or the library's code for transport failures. */
  readonly reason: string;
  /** Seconds Slack asked us to wait, for rate limits. */
  readonly retryAfter: number | undefined;
  /**
   * True when the request may have reached Slack and been performed although no answer said so (a
   * timeout, a connection dropped after sending, a 5xx or a proxy's page): a post must then be looked up
   * by its metadata before it is ever sent again.
   */
  readonly outcomeUnknown: boolean;
  /**
   * True when Lookout itself kept the call back, nothing sent: its pacer had no slot before the run's
   * deadline, or the deadline had come. Expected in a storm and at a run's end, not trouble.
   */
  readonly paced: boolean;
  /**
   * True when the failure concerns this item alone (its earlier attempt's post may still arrive), not
   * Slack or the channel: the channel's other incidents need not wait for it.
   */
  readonly itemOnly: boolean;

  constructor(
    kind: SlackFailureKind,
    reason: string,
    options: {
      cause?: unknown;
      retryAfter?: number;
      outcomeUnknown?: boolean;
      paced?: boolean;
      itemOnly?: boolean;
    } = {},
  ) {
    super(`Slack delivery failed (${kind}): ${reason}`, { cause: options.cause });
    this.kind = kind;
    this.code = CODES[kind];
    this.reason = reason;
    this.retryAfter = options.retryAfter;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.paced = options.paced ?? false;
    this.itemOnly = options.itemOnly ?? false;
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

/**
 * Slack `error` values about the token, the app or the workspace: every call would get the same answer,
 * so delivery pauses (items stay pending) until the token works again.
 */
export const WORKSPACE_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'no_permission',
  'not_allowed_token_type',
  'org_login_required',
  'ekm_access_denied',
  'team_access_not_granted',
  'access_denied',
  'accesslimited',
  'two_factor_setup_required',
  'enterprise_is_restricted',
  'team_is_restricted',
  'app_missing_action_url',
  'invalid_token',
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
  original?: { name?: unknown; code?: unknown; cause?: { code?: unknown } };
}

/** Network errors raised before a request could reach the server: nothing was performed. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Slack's `error` values are short snake_case codes; anything else was not written by Slack. */
const SLACK_CODE = /^[a-z][a-z0-9_.]{0,79}$/;

/**
 * Maps an error thrown by `@slack/web-api` onto a SlackDeliveryError. Matches on the library's stable
 * `code` strings rather than `instanceof`, so two copies of the library in a bundle still classify.
 * An `error` that is a known Slack code about one message or channel fails that item; a body that is not
 * Slack's (the library turns an unparseable page into `{ ok: false, error: <the page> }`) is retryable.
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
    case 'slack_webapi_request_error': {
      const code = e.original?.cause?.code ?? e.original?.code;
      if (typeof code === 'string' && NOT_SENT.has(code))
        return new SlackDeliveryError('retryable', `request_error (${code})`, { cause: error });
      const timedOut = e.original?.name === 'TimeoutError' || e.original?.name === 'AbortError';
      return new SlackDeliveryError('retryable', timedOut ? 'timeout' : 'request_error', {
        cause: error,
        outcomeUnknown: true,
      });
    }
    case 'slack_webapi_http_error': {
      // Slack's Web API answers 200 (or 429); any other status came from something in between, or
      // from Slack in trouble: the call may or may not have been performed.
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      return new SlackDeliveryError('retryable', `http_${status}`, { cause: error, outcomeUnknown: true });
    }
    case 'slack_webapi_platform_error': {
      const raw = e.data?.error;
      if (typeof raw !== 'string' || !SLACK_CODE.test(raw))
        return new SlackDeliveryError('retryable', describeForeignBody(raw), {
          cause: error,
          outcomeUnknown: true,
        });
      if (WORKSPACE_ERRORS.has(raw)) return new SlackDeliveryError('paused', raw, { cause: error });
      if (CONTENT_ERRORS.has(raw)) return new SlackDeliveryError('content', raw, { cause: error });
      if (RETRYABLE_ERRORS.has(raw)) return new SlackDeliveryError('retryable', raw, { cause: error });
      return new SlackDeliveryError('permanent', raw, { cause: error });
    }
    default:
      // Not from the library at all (the body read timed out, an aborted fetch surfaced raw): it may
      // have been performed, so it is looked up before any resend.
      return new SlackDeliveryError('retryable', error instanceof Error ? error.message : String(error), {
        cause: error,
        outcomeUnknown: true,
      });
  }
}

/** A short, loggable description of an answer that was not Slack JSON (never the whole page). */
function describeForeignBody(body: unknown): string {
  if (typeof body !== 'string') return 'non_slack_response (no error code)';
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return 'non_slack_response (empty body)';
  const title = /<title>([^<]{1,80})<\/title>/i.exec(text)?.[1];
  return `non_slack_response (${title ? `page "${title.trim()}"` : `${text.slice(0, 60)}${text.length > 60 ? '…' : ''}`})`;
}
