import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_TIERS, TIER_LIMITS } from '../../emulators/slack/method-tiers.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';

const TOKEN = 'xoxb-test-token';
// The library's own retry would hide the 429s these tests are about.
const quiet = { logLevel: LogLevel.ERROR, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };

/** The library's error `code` and the Retry-After it read, or `ok` when the call went through. */
async function outcome(promise: Promise<unknown>): Promise<{ code: string; retryAfter?: number }> {
  try {
    await promise;
    return { code: 'ok' };
  } catch (e) {
    const err = e as { code: string; retryAfter?: number };
    return { code: err.code, retryAfter: err.retryAfter };
  }
}

describe('Class: FakeSlack rate limits by method tier', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
  });

  it('answers 429 + Retry-After to chat.update (Tier 3) after its burst, and again allows one after the clock moves', async () => {
    // Prepare
    let now = Date.UTC(2026, 11, 2, 15, 45, 0);
    slack = await new FakeSlack({ rateLimit: { tiers: true }, now: () => now }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
    const { ts } = await client.chat.postMessage({ channel: 'C0ALERTS', text: 'root' });
    const tier3 = TIER_LIMITS[3];
    const edit = (text: string) =>
      outcome(client.chat.update({ channel: 'C0ALERTS', ts: ts as string, text }));

    // Act
    const burst = [];
    for (let i = 0; i < tier3.burst; i++) burst.push(await edit(`edit ${i}`));
    const over = await edit('one too many');
    const otherMethod = await outcome(client.conversations.info({ channel: 'C0ALERTS' }));
    now += Math.ceil(60_000 / tier3.perMinute);
    const afterWait = await edit('after the wait');
    const rightAfter = await edit('right after');

    // Assess
    expect(METHOD_TIERS['chat.update']).toBe(3);
    expect(burst.every((o) => o.code === 'ok')).toBe(true);
    expect(over).toEqual({ code: 'slack_webapi_rate_limited_error', retryAfter: 2 });
    expect(otherMethod.code).toBe('ok');
    expect(afterWait.code).toBe('ok');
    expect(rightAfter.code).toBe('slack_webapi_rate_limited_error');
    expect(slack.messages[0]?.updates).toHaveLength(tier3.burst + 1);
    expect(slack.count('chat.update', 429)).toBe(2);
  });

  it('limits per method for the whole workspace, not per channel', async () => {
    // Prepare
    const now = Date.UTC(2026, 11, 2, 15, 45, 0);
    slack = await new FakeSlack({
      channels: ['C0A', 'C0B'],
      rateLimit: { tiers: true },
      now: () => now,
    }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
    const a = await client.chat.postMessage({ channel: 'C0A', text: 'a' });
    const b = await client.chat.postMessage({ channel: 'C0B', text: 'b' });

    // Act
    for (let i = 0; i < TIER_LIMITS[3].burst; i++)
      await client.chat.update({ channel: 'C0A', ts: a.ts as string, text: `a${i}` });
    const inB = await outcome(client.chat.update({ channel: 'C0B', ts: b.ts as string, text: 'b1' }));

    // Assess
    expect(inB.code).toBe('slack_webapi_rate_limited_error');
  });

  it('leaves tier limits off unless asked: chat.update well past a burst is answered', async () => {
    // Prepare
    const now = Date.UTC(2026, 11, 2, 15, 45, 0);
    slack = await new FakeSlack({ now: () => now }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
    const { ts } = await client.chat.postMessage({ channel: 'C0ALERTS', text: 'root' });

    // Act
    for (let i = 0; i < TIER_LIMITS[3].burst * 2; i++)
      await client.chat.update({ channel: 'C0ALERTS', ts: ts as string, text: `edit ${i}` });

    // Assess
    expect(slack.count('chat.update', 429)).toBe(0);
  });

  it('keeps chat.postMessage per channel on the injected clock: the burst, a 429, then one more a second later', async () => {
    // Prepare
    let now = Date.UTC(2026, 11, 2, 15, 45, 0);
    slack = await new FakeSlack({
      channels: ['C0A', 'C0B'],
      rateLimit: { perSecond: 1, burst: 3 },
      now: () => now,
    }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
    const post = (channel: string, text: string) => outcome(client.chat.postMessage({ channel, text }));

    // Act
    const burst = [await post('C0A', '1'), await post('C0A', '2'), await post('C0A', '3')];
    const fourth = await post('C0A', '4');
    const otherChannel = await post('C0B', 'elsewhere');
    now += 1000;
    const aSecondLater = await post('C0A', '5');
    const rightAfter = await post('C0A', '6');

    // Assess
    expect(burst.map((o) => o.code)).toEqual(['ok', 'ok', 'ok']);
    expect(fourth).toEqual({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    expect(otherChannel.code).toBe('ok');
    expect(aSecondLater.code).toBe('ok');
    expect(rightAfter.code).toBe('slack_webapi_rate_limited_error');
    expect(slack.roots('C0A').map((m) => m.text)).toEqual(['1', '2', '3', '5']);
  });
});
