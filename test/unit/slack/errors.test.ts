import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classifySlackError } from '../../../lambda/slack/errors.js';

const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

describe('Function: classifySlackError', () => {
  it.for([
    ['rate limit', new WebAPIRateLimitedError(7), 'retryable', 'ratelimited'],
    ['network failure', new WebAPIRequestError(new Error('ECONNRESET')), 'retryable', 'request_error'],
    ['HTTP 503', new WebAPIHTTPError(503, 'Service Unavailable', {}), 'retryable', 'http_503'],
    ['HTTP 404', new WebAPIHTTPError(404, 'Not Found', {}), 'permanent', 'http_404'],
    ['internal_error', platform('internal_error'), 'retryable', 'internal_error'],
    ['channel_not_found', platform('channel_not_found'), 'permanent', 'channel_not_found'],
    ['not_in_channel', platform('not_in_channel'), 'permanent', 'not_in_channel'],
    ['invalid_auth', platform('invalid_auth'), 'permanent', 'invalid_auth'],
    ['account_inactive', platform('account_inactive'), 'permanent', 'account_inactive'],
    ['invalid_blocks', platform('invalid_blocks'), 'content', 'invalid_blocks'],
    ['msg_too_long', platform('msg_too_long'), 'content', 'msg_too_long'],
  ] as const)('classifies %s as %s', ([, error, kind, reason]) => {
    const classified = classifySlackError(error);
    expect(classified).toMatchObject({ kind, reason, code: `SLACK_${kind.toUpperCase()}` });
    expect(classified.cause).toBe(error);
  });

  it('keeps the Retry-After of a rate limit', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(7)).retryAfter).toBe(7);
  });
});
