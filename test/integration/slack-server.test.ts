import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';

const TOKEN = 'xoxb-test-token';
const quiet = { logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } };

/** The library's error `code` and, for platform errors, Slack's `error` string. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; error?: string; retryAfter?: number; statusCode?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { code: string; data?: { error: string }; retryAfter?: number; statusCode?: number };
    return { code: err.code, error: err.data?.error, retryAfter: err.retryAfter, statusCode: err.statusCode };
  }
  throw new Error('expected the call to fail');
}

describe('Class: FakeSlack', () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeEach(async () => {
    slack = await new FakeSlack({ rateLimit: false }).start();
    client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
  });
  afterEach(() => slack.stop());

  it('answers auth.test for the right token and not_authed / invalid_auth otherwise', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, bot_id: 'B0LOOKOUT' });
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: slack.url, ...quiet });
    expect(await failure(wrong.auth.test())).toEqual(
      expect.objectContaining({ code: 'slack_webapi_platform_error', error: 'invalid_auth' }),
    );
    const res = await fetch(`${slack.url}auth.test`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('posts, threads and updates messages with increasing Slack-shaped ts', async () => {
    const root = await client.chat.postMessage({
      channel: 'C0ALERTS',
      text: 'root',
      blocks: [{ type: 'divider' }],
    });
    expect(root.ts).toMatch(/^\d{10}\.\d{6}$/);
    const reply = await client.chat.postMessage({
      channel: 'C0ALERTS',
      thread_ts: root.ts as string,
      text: 'reply',
    });
    expect(Number(reply.ts)).toBeGreaterThan(Number(root.ts));
    await client.chat.update({ channel: 'C0ALERTS', ts: root.ts as string, text: 'root v2' });
    expect(slack.roots('C0ALERTS')).toHaveLength(1);
    expect(slack.roots('C0ALERTS')[0]).toMatchObject({
      text: 'root',
      blocks: [{ type: 'divider' }],
      updates: [{ text: 'root v2' }],
    });
    expect(slack.replies('C0ALERTS', root.ts as string).map((m) => m.text)).toEqual(['reply']);
  });

  it('accepts JSON bodies with a bearer token like form bodies', async () => {
    const res = await fetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        channel: 'C0ALERTS',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
      }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0ALERTS' });
    expect(slack.messages[0]?.blocks).toHaveLength(1);
  });

  it.for([
    ['an unknown channel', { channel: 'C0NOPE', text: 'x' }, 'channel_not_found'],
    ['neither text nor blocks', { channel: 'C0ALERTS' }, 'no_text'],
    ['text over 40,000 characters', { channel: 'C0ALERTS', text: 'x'.repeat(40_001) }, 'msg_too_long'],
    [
      '51 blocks',
      { channel: 'C0ALERTS', text: 'x', blocks: Array(51).fill({ type: 'divider' }) },
      'invalid_blocks',
    ],
    [
      'section text of 3,001 characters',
      {
        channel: 'C0ALERTS',
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
      },
      'invalid_blocks',
    ],
    [
      'header of 151 characters',
      {
        channel: 'C0ALERTS',
        text: 'x',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      },
      'invalid_blocks',
    ],
    [
      'button text of 76 characters',
      {
        channel: 'C0ALERTS',
        text: 'x',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } },
            ],
          },
        ],
      },
      'invalid_blocks',
    ],
    [
      'reply to an unknown thread',
      { channel: 'C0ALERTS', text: 'x', thread_ts: '1700000000.999900' },
      'thread_not_found',
    ],
  ] as const)('rejects $0 with HTTP 200 and $2', async ([, args, error]) => {
    expect(await failure(client.chat.postMessage(args as never))).toMatchObject({
      code: 'slack_webapi_platform_error',
      error,
    });
    expect(slack.messages).toHaveLength(0);
  });

  it('accepts blocks exactly at the limits', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3000) } },
      ...Array(48).fill({ type: 'divider' }),
    ];
    await client.chat.postMessage({ channel: 'C0ALERTS', text: 'x'.repeat(40_000), blocks });
    expect(slack.messages).toHaveLength(1);
  });

  it('answers message_not_found for an unknown ts and invalid_arguments without ts', async () => {
    expect(
      await failure(client.chat.update({ channel: 'C0ALERTS', ts: '1700000000.000100', text: 'x' })),
    ).toMatchObject({
      error: 'message_not_found',
    });
    expect(await failure(client.apiCall('chat.update', { channel: 'C0ALERTS', text: 'x' }))).toMatchObject({
      error: 'invalid_arguments',
    });
  });

  it('injects 503s, ratelimited answers with Retry-After, delays and outages', async () => {
    slack.failNext(1, { status: 503 });
    expect(await failure(client.auth.test())).toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 503,
    });
    slack.failNext(1, { error: 'ratelimited', retryAfter: 7 });
    const strict = new WebClient(TOKEN, { slackApiUrl: slack.url, rejectRateLimitedCalls: true, ...quiet });
    expect(await failure(strict.auth.test())).toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    slack.failNext(1, { delayMs: 150 });
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    slack.down();
    expect(await failure(client.auth.test())).toMatchObject({ code: 'slack_webapi_request_error' });
    slack.up();
    expect(await client.auth.test()).toMatchObject({ ok: true });
  });
});

describe('Class: FakeSlack rate limiting', () => {
  it('allows a burst, then answers 429 with Retry-After, which the WebClient honours by itself', async () => {
    const slack = await new FakeSlack({ rateLimit: { perSecond: 1, burst: 2 } }).start();
    try {
      const client = new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
      const started = Date.now();
      for (const text of ['a', 'b', 'c', 'd']) await client.chat.postMessage({ channel: 'C0ALERTS', text });
      const elapsed = Date.now() - started;
      expect(slack.messages.map((m) => m.text)).toEqual(['a', 'b', 'c', 'd']);
      expect(slack.count('chat.postMessage', 429)).toBeGreaterThanOrEqual(1);
      // Over the burst at 1/s: the library slept Retry-After (1 s) before each retry.
      expect(elapsed).toBeGreaterThanOrEqual(1000 * slack.count('chat.postMessage', 429));
      // Other channels have their own bucket.
      slack.addChannel('C0OTHER');
      await client.chat.postMessage({ channel: 'C0OTHER', text: 'e' });
      expect(slack.count('chat.postMessage', 429)).toBe(
        slack.requests.filter((r) => r.status === 429 && r.channel === 'C0ALERTS').length,
      );
    } finally {
      await slack.stop();
    }
  });
});
