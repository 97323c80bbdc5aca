import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';

const TOKEN = 'xoxb-test-token';
const quiet = { logLevel: LogLevel.ERROR, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };

async function settled(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

describe('Class: FakeSlack traffic', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
  });

  it('counts top-level posts, replies, edits, calls and 429s per channel and minute', async () => {
    // Prepare
    let now = Date.UTC(2026, 11, 2, 15, 45, 10);
    slack = await new FakeSlack({
      channels: ['C0ALERTS', 'C0OTHER'],
      names: { C0ALERTS: 'alerts' },
      rateLimit: { perSecond: 1, burst: 3 },
      now: () => now,
    }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });

    // Act
    const root = await client.chat.postMessage({ channel: '#alerts', text: 'root' });
    const ts = root.ts as string;
    await client.chat.postMessage({ channel: 'C0ALERTS', thread_ts: ts, text: 'reply 1' });
    await client.chat.postMessage({ channel: 'C0ALERTS', thread_ts: ts, text: 'reply 2' });
    await client.chat.update({ channel: 'C0ALERTS', ts, text: 'root, edited' });
    await settled(client.chat.postMessage({ channel: 'C0ALERTS', thread_ts: ts, text: 'throttled' }));
    await client.auth.test();
    now += 60_000;
    await client.chat.postMessage({ channel: 'C0ALERTS', thread_ts: ts, text: 'reply 3' });
    await client.chat.update({ channel: 'C0ALERTS', ts, text: 'root, edited again' });
    await settled(client.chat.update({ channel: 'C0ALERTS', ts: '1.000001', text: 'no such message' }));
    await client.chat.postMessage({ channel: 'C0OTHER', text: 'elsewhere' });

    // Assess
    expect(slack.trafficPerChannelMinute()).toEqual([
      {
        channel: 'C0ALERTS',
        minute: '2026-12-02T15:45Z',
        topLevelPosts: 1,
        replies: 2,
        edits: 1,
        calls: 5,
        ratelimited: 1,
      },
      {
        channel: 'C0ALERTS',
        minute: '2026-12-02T15:46Z',
        topLevelPosts: 0,
        replies: 1,
        edits: 1,
        calls: 3,
        ratelimited: 0,
      },
      {
        channel: 'C0OTHER',
        minute: '2026-12-02T15:46Z',
        topLevelPosts: 1,
        replies: 0,
        edits: 0,
        calls: 1,
        ratelimited: 0,
      },
    ]);
    const calls = slack.traffic();
    expect(calls[0]).toEqual({
      at: Date.UTC(2026, 11, 2, 15, 45, 10),
      method: 'chat.postMessage',
      channel: 'C0ALERTS',
      kind: 'post',
      status: 200,
    });
    expect(calls[4]).toMatchObject({ kind: 'reply', status: 429, error: 'ratelimited' });
    expect(calls[5]).toEqual({ at: Date.UTC(2026, 11, 2, 15, 45, 10), method: 'auth.test', status: 200 });
    expect(calls[8]).toMatchObject({ kind: 'edit', status: 200, error: 'message_not_found' });
  });

  it('counts an injected ratelimited fault as a 429 of that channel', async () => {
    // Prepare
    const now = Date.UTC(2026, 11, 2, 15, 45, 10);
    slack = await new FakeSlack({ rateLimit: false, now: () => now }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
    slack.failNext(1, { error: 'ratelimited', retryAfter: 3 }, 'chat.postMessage');

    // Act
    await settled(client.chat.postMessage({ channel: 'C0ALERTS', text: 'refused' }));

    // Assess
    expect(slack.trafficPerChannelMinute()).toEqual([
      {
        channel: 'C0ALERTS',
        minute: '2026-12-02T15:45Z',
        topLevelPosts: 0,
        replies: 0,
        edits: 0,
        calls: 1,
        ratelimited: 1,
      },
    ]);
  });

  it('keeps only the newest calls once the ring is full', async () => {
    // Prepare
    let now = Date.UTC(2026, 11, 2, 15, 45, 10);
    slack = await new FakeSlack({ rateLimit: false, now: () => now, trafficCapacity: 3 }).start();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });

    // Act
    for (let i = 0; i < 5; i++) {
      now += 1000;
      await client.chat.postMessage({ channel: 'C0ALERTS', text: `m${i}` });
    }

    // Assess
    expect(slack.traffic().map((c) => c.at - Date.UTC(2026, 11, 2, 15, 45, 10))).toEqual([3000, 4000, 5000]);
  });
});
