import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classifySlackError } from '../../../lambda/slack/errors.js';

const platform = (error: unknown) => new WebAPIPlatformError({ ok: false, error } as never);
const refused = Object.assign(new TypeError('fetch failed'), {
  cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
});
const timedOut = Object.assign(new Error('The operation was aborted due to timeout'), {
  name: 'TimeoutError',
});

describe('Function: classifySlackError', () => {
  it.for([
    ['rate limit', new WebAPIRateLimitedError(7), 'retryable', 'ratelimited'],
    ['network failure', new WebAPIRequestError(new Error('ECONNRESET')), 'retryable', 'request_error'],
    ['HTTP 503', new WebAPIHTTPError(503, 'Service Unavailable', {}), 'retryable', 'http_503'],
    ['HTTP 404 (from a proxy)', new WebAPIHTTPError(404, 'Not Found', {}), 'retryable', 'http_404'],
    ['internal_error', platform('internal_error'), 'retryable', 'internal_error'],
    ['channel_not_found', platform('channel_not_found'), 'permanent', 'channel_not_found'],
    ['not_in_channel', platform('not_in_channel'), 'permanent', 'not_in_channel'],
    ['invalid_auth', platform('invalid_auth'), 'paused', 'invalid_auth'],
    ['account_inactive', platform('account_inactive'), 'paused', 'account_inactive'],
    ['token_revoked', platform('token_revoked'), 'paused', 'token_revoked'],
    ['missing_scope', platform('missing_scope'), 'paused', 'missing_scope'],
    ['is_archived', platform('is_archived'), 'permanent', 'is_archived'],
    ['connection refused', new WebAPIRequestError(refused), 'retryable', 'request_error (ECONNREFUSED)'],
    ['a timeout', new WebAPIRequestError(timedOut), 'retryable', 'timeout'],
    [
      "a proxy's HTML page",
      platform('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'),
      'retryable',
      'non_slack_response (page "502 Bad Gateway")',
    ],
    ['an empty body', platform(''), 'retryable', 'non_slack_response (empty body)'],
    ['JSON that is not Slack’s', platform(undefined), 'retryable', 'non_slack_response (no error code)'],
    ['invalid_blocks', platform('invalid_blocks'), 'content', 'invalid_blocks'],
    ['msg_too_long', platform('msg_too_long'), 'content', 'msg_too_long'],
  ] as const)('classifies %s as %s', ([, error, kind, reason]) => {
    const classified = classifySlackError(error);
    expect(classified).toMatchObject({ kind, reason, code: `SLACK_${kind.toUpperCase()}` });
    expect(classified.cause).toBe(error);
  });

  it.for([
    ['a timeout', new WebAPIRequestError(timedOut), true],
    ['a reset connection', new WebAPIRequestError(new Error('ECONNRESET')), true],
    ['HTTP 502', new WebAPIHTTPError(502, 'Bad Gateway', {}), true],
    ["a proxy's page", platform('<html>oops</html>'), true],
    ['a refused connection', new WebAPIRequestError(refused), false],
    ['a rate limit', new WebAPIRateLimitedError(3), false],
    ['a Slack error', platform('channel_not_found'), false],
    ['token trouble', platform('invalid_auth'), false],
  ] as const)('says whether %s may have been performed (outcome unknown: %s)', ([, error, unknown]) => {
    expect(classifySlackError(error).outcomeUnknown).toBe(unknown);
  });

  it('keeps the Retry-After of a rate limit', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(7)).retryAfter).toBe(7);
  });

  it('tells a 429 from Slack (trouble worth a warning) from a call the pacer kept back', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(7)).paced).toBe(false);
  });
});
