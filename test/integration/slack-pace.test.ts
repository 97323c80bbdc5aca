import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import type { SlackRef } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { SlackPace } from '../../lambda/slack/slack-pace.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';

/**
 * Issue #11: SlackPoster paces itself under Slack's documented rates, so the Slack emulator — limiting
 * chat.postMessage per channel and every other method by its tier, on the same fake clock — never
 * answers 429, and no channel sees more than 60 calls in a minute.
 */

const TOKEN = 'xoxb-test-token';
const CHANNELS = ['C0ALERTS', 'C0DATABASE', 'C0COMPUTE'];
const T0 = Date.UTC(2026, 11, 2, 15, 45, 0);
const message = (text: string) => ({ text, blocks: [] });
const key = (incident: string) => ({ incident, entry: 'root' });

describe('Class: SlackPoster paced by SlackPace (FakeSlack with tier limits)', () => {
  let slack: FakeSlack;
  let now: number;
  const sleeps: number[] = [];
  // Nothing else runs meanwhile, so the clock only moves when the poster waits.
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    now += ms;
  };

  beforeEach(async () => {
    now = T0;
    sleeps.length = 0;
    slack = await new FakeSlack({
      channels: CHANNELS,
      rateLimit: { perSecond: 1, burst: 3, tiers: true },
      now: () => now,
    }).start();
  });
  afterEach(async () => {
    await slack.stop();
  });

  const poster = (options: { deadline?: () => number; pace?: SlackPace } = {}) =>
    new SlackPoster(createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }), {
      now: () => now,
      sleep,
      pace: options.pace ?? new SlackPace({ now: () => now }),
      ...(options.deadline ? { deadline: options.deadline } : {}),
    });

  it('sends 200 posts and 200 edits across 3 channels with no 429 and at most 60 calls per channel a minute', async () => {
    // Prepare
    const slackPoster = poster();
    const roots: SlackRef[] = [];
    let waitedOut429s = 0;

    // Act: each post is followed by an edit of an earlier root, round the channels.
    for (let i = 0; i < 200; i++) {
      const channel = CHANNELS[i % CHANNELS.length] as string;
      const posted = await slackPoster.postRoot(channel, message(`incident ${i}`), key(`inc-${i}`));
      roots.push({ channel: posted.channel, ts: posted.ts });
      const edited = await slackPoster.updateRoot(
        roots[Math.floor(i / 2)] as SlackRef,
        message(`incident ${i} edited`),
      );
      waitedOut429s += posted.rateLimitWaits + edited.rateLimitWaits;
    }

    // Assess
    const rows = slack.trafficPerChannelMinute();
    expect(slack.count('chat.postMessage', 200)).toBe(200);
    expect(slack.count('chat.update', 200)).toBe(200);
    expect(rows.reduce((sum, row) => sum + row.ratelimited, 0)).toBe(0);
    expect(waitedOut429s).toBe(0);
    expect(Math.max(...rows.map((row) => row.calls))).toBeLessThanOrEqual(60);
    expect(new Set(rows.map((row) => row.channel))).toEqual(new Set(CHANNELS));
    expect(sleeps.length).toBeGreaterThan(0);
  });

  it('refuses a call whose pacing wait would pass the deadline as it refuses a 429 it cannot wait out', async () => {
    // Prepare
    const slackPoster = poster({ deadline: () => T0 + 500 });
    await slackPoster.postRoot('C0ALERTS', message('first'), key('inc-1'));

    // Act
    const refused = await slackPoster
      .postRoot('C0ALERTS', message('second'), key('inc-2'))
      .catch((e: unknown) => e);

    // Assess: retryable, so the outbox keeps the item pending; Slack never saw the call.
    expect(refused).toMatchObject({ kind: 'retryable', reason: 'ratelimited', retryAfter: 1 });
    expect(slack.count('chat.postMessage')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('after a 429 one poster could not wait out, another poster of the workspace waits instead of hitting it', async () => {
    // Prepare: both posters share the process's pacer for the workspace.
    const pace = new SlackPace({ now: () => now });
    const hurried = poster({ pace, deadline: () => T0 + 3_000 });
    const root = await hurried.postRoot('C0ALERTS', message('root'), key('inc-1'));
    const other = await hurried.postRoot('C0DATABASE', message('root'), key('inc-2'));
    slack.failNext(1, { error: 'ratelimited', retryAfter: 7 }, 'chat.update');

    // Act
    const refused = await hurried.updateRoot(root, message('edited')).catch((e: unknown) => e);
    const edited = await poster({ pace }).updateRoot(other, message('edited'));

    // Assess
    expect(refused).toMatchObject({ kind: 'retryable', reason: 'ratelimited', retryAfter: 7 });
    expect(edited.rateLimitWaits).toBe(0);
    expect(sleeps).toEqual([1_000, 7_000]); // the channel's second, then Retry-After
    expect(slack.count('chat.update', 429)).toBe(1);
    expect(slack.count('chat.update', 200)).toBe(1);
  });

  it('keeps back a call asked for once the run’s time is up as Lookout’s own deferral, not as Slack’s failure', async () => {
    // Prepare: the run's deadline is now.
    const slackPoster = poster({ deadline: () => now });

    // Act
    const refused = await slackPoster
      .updateRoot({ channel: 'C0ALERTS', ts: '1.000001' }, message('late edit'))
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Assess: nothing reached Slack; the error says Lookout kept the call back (logged as info, an
    // outbox item deferred without counting an attempt).
    expect(refused).toMatchObject({ kind: 'retryable', reason: 'deadline_exceeded', paced: true });
    expect(slack.traffic()).toEqual([]);
  });
});
