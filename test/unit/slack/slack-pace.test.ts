import { describe, expect, it } from 'vitest';
import { SlackDeliveryError } from '../../../lambda/slack/errors.js';
import { type PaceCall, paceKey, pacerFor, SlackPace } from '../../../lambda/slack/slack-pace.js';

const T0 = Date.UTC(2026, 11, 2, 15, 45, 0);

/** A clock only the fake sleep moves (never backwards, as when callers sleep side by side). */
function fakeTime() {
  const time = { now: T0, sleeps: [] as number[], sent: [] as { at: number; call: PaceCall }[] };
  const sleep = async (ms: number) => {
    time.sleeps.push(ms);
    time.now = Math.max(time.now, time.now + ms);
  };
  const pace = new SlackPace({ now: () => time.now });
  let deadline = Number.POSITIVE_INFINITY;
  const take = async (call: PaceCall) => {
    await pace.take(call, { sleep, deadline: () => deadline });
    time.sent.push({ at: time.now - T0, call });
  };
  return {
    time,
    pace,
    take,
    setDeadline: (ms: number) => {
      deadline = ms;
    },
  };
}

const post = (channel: string): PaceCall => ({ method: 'chat.postMessage', channel });
const update = (channel: string): PaceCall => ({ method: 'chat.update', channel });
const sentAt = (time: { sent: { at: number }[] }) => time.sent.map((s) => s.at);

describe('Class: SlackPace', () => {
  it('lets one call a second into a channel, and another channel does not wait for it', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act
    await take(post('C1'));
    await take(post('C2'));
    await take(post('C1'));
    await take(post('C1'));

    // Assess
    expect(sentAt(time)).toEqual([0, 0, 1000, 2000]);
  });

  it('counts every method that names the channel, not only chat.postMessage', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act
    await take(post('C1'));
    await take(update('C1'));
    await take({ method: 'conversations.replies', channel: 'C1' });

    // Assess
    expect(sentAt(time)).toEqual([0, 1000, 2000]);
  });

  it('gives callers running side by side distinct slots', async () => {
    // Prepare: timers fire one at a time, the earliest first, once every caller has settled.
    let now = T0;
    const timers: { at: number; fire: () => void }[] = [];
    const pace = new SlackPace({ now: () => now });
    const wait = {
      sleep: (ms: number) => new Promise<void>((fire) => timers.push({ at: now + ms, fire })),
      deadline: () => Number.POSITIVE_INFINITY,
    };
    const sent: number[] = [];
    const take = (call: PaceCall) => pace.take(call, wait).then(() => sent.push(now - T0));

    // Act
    const all = Promise.all([take(post('C1')), take(post('C1')), take(update('C1')), take(post('C2'))]);
    for (;;) {
      await new Promise((settle) => setImmediate(settle));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) break;
      now = next.at;
      next.fire();
    }
    await all;

    // Assess
    expect(sent).toEqual([0, 0, 1000, 2000]);
  });

  it('never puts more than 60 calls to one channel in any minute', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act
    for (let i = 0; i < 200; i++) await take(post('C1'));

    // Assess
    const at = sentAt(time);
    const mostInAMinute = Math.max(
      ...at.map((start) => at.filter((t) => t >= start && t < start + 60_000).length),
    );
    expect(mostInAMinute).toBe(60);
  });

  it('keeps a busy channel on its schedule when a call goes out a little late (a slow store write, a late timer)', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act: the sender comes back 100 ms after the channel's second slot; the third keeps its own slot.
    await take(post('C1'));
    time.now = T0 + 1_100;
    await take(post('C1'));
    await take(post('C1'));

    // Assess: 1 s apart on average, as Slack's pace allows, instead of losing 100 ms per late call.
    expect(sentAt(time)).toEqual([0, 1100, 2000]);
  });

  it('gives a channel that was idle no burst: the next call is a whole interval after the one that woke it', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act
    await take(post('C1'));
    time.now = T0 + 5_000;
    await take(post('C1'));
    await take(post('C1'));

    // Assess
    expect(sentAt(time)).toEqual([0, 5000, 6000]);
  });

  it('never puts more than 60 calls to one channel in any minute, also when calls keep their schedule after running late', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act: every third call comes 450 ms after its slot, so the next one follows 550 ms later.
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 1) time.now += 450;
      await take(post('C1'));
    }

    // Assess
    const at = sentAt(time);
    const mostInAMinute = Math.max(
      ...at.map((start) => at.filter((t) => t >= start && t < start + 60_000).length),
    );
    expect(mostInAMinute).toBe(60);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
  });

  it('keeps chat.update to 50 a minute for the workspace, whatever the channel (Tier 3)', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act
    for (let i = 0; i < 60; i++) await take(update(`C${i}`));

    // Assess
    const at = sentAt(time);
    expect(at.filter((t) => t < 60_000)).toHaveLength(50);
    expect(at[1]).toBe(1200);
  });

  it('keeps conversations.list to 20 a minute (Tier 2) and chat.postMessage to no workspace limit', async () => {
    // Prepare
    const { time, take } = fakeTime();

    // Act
    await take({ method: 'conversations.list' });
    await take({ method: 'conversations.list' });
    for (let i = 0; i < 10; i++) await take(post(`C${i}`));

    // Assess
    expect(sentAt(time)).toEqual([0, 3000, ...Array(10).fill(3000)]);
  });

  it('refuses a wait that would reach the deadline with a retryable ratelimited error, taking no slot', async () => {
    // Prepare
    const { time, take, setDeadline } = fakeTime();
    await take(post('C1'));
    setDeadline(T0 + 500);

    // Act
    const refused = await take(post('C1')).catch((e: unknown) => e);
    setDeadline(Number.POSITIVE_INFINITY);
    time.now = T0 + 1000;
    await take(post('C1'));

    // Assess
    expect(refused).toBeInstanceOf(SlackDeliveryError);
    expect(refused).toMatchObject({ kind: 'retryable', reason: 'ratelimited', retryAfter: 1, paced: true });
    expect(time.sleeps).toEqual([]);
    expect(sentAt(time)).toEqual([0, 1000]);
  });

  it('after a 429 on chat.postMessage, holds that channel for Retry-After and no other', async () => {
    // Prepare
    const { time, pace, take } = fakeTime();

    // Act
    pace.limited(post('C1'), 30_000);
    await take(post('C2'));
    await take(post('C1'));

    // Assess
    expect(sentAt(time)).toEqual([0, 30_000]);
  });

  it('after a 429 on chat.update, holds chat.update in every channel, and posts go on', async () => {
    // Prepare
    const { time, pace, take } = fakeTime();

    // Act
    pace.limited(update('C1'), 5_000);
    await take(post('C2'));
    await take(update('C3'));

    // Assess
    expect(sentAt(time)).toEqual([0, 5_000]);
  });

  it('paces a configured #name and the id Slack answered with as one channel', async () => {
    // Prepare
    const { time, pace, take } = fakeTime();

    // Act
    await take(post('#alerts'));
    pace.sameChannel('#alerts', 'C1');
    await take(update('C1'));
    await take(post('#alerts'));

    // Assess
    expect(sentAt(time)).toEqual([0, 1000, 2000]);
  });

  it('moves a caller already waiting on a #name to the id bucket when Slack answers with the id', async () => {
    // Prepare: the first post to #alerts is out; a second waits for its slot when Slack answers "C1".
    let now = T0;
    const timers: { at: number; fire: () => void }[] = [];
    const pace = new SlackPace({ now: () => now });
    const wait = {
      sleep: (ms: number) => new Promise<void>((fire) => timers.push({ at: now + ms, fire })),
      deadline: () => Number.POSITIVE_INFINITY,
    };
    const sent: number[] = [];
    const take = (call: PaceCall) => pace.take(call, wait).then(() => sent.push(now - T0));
    await take(post('#alerts'));
    const waiting = take(post('#alerts'));
    await new Promise((settle) => setImmediate(settle));
    pace.sameChannel('#alerts', 'C1');

    // Act: at the waiter's slot a caller by the id goes first; then the waiter's timer fires.
    now = T0 + 1_000;
    await take(update('C1'));
    for (;;) {
      await new Promise((settle) => setImmediate(settle));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) break;
      now = Math.max(now, next.at);
      next.fire();
    }
    await waiting;

    // Assess: one channel, one call a second — the waiter does not share the id caller's slot.
    expect(sent).toEqual([0, 1000, 2000]);
  });

  it('takes its limits from options', async () => {
    // Prepare
    let now = T0;
    const sleeps: number[] = [];
    const pace = new SlackPace({
      now: () => now,
      perChannel: { count: 2, windowMs: 1000, burst: 2 },
      perMethod: {},
    });
    const wait = {
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      deadline: () => Number.POSITIVE_INFINITY,
    };

    // Act
    for (let i = 0; i < 4; i++) await pace.take(update('C1'), wait);

    // Assess
    expect(sleeps).toEqual([500, 500]);
  });
});

describe('Function: pacerFor', () => {
  it('gives every poster of one workspace the same pacer, and keeps the token out of the key', () => {
    // Prepare
    const key = paceKey('xoxb-secret', 'http://127.0.0.1:1/api/');

    // Act
    const first = pacerFor(key);
    const again = pacerFor(paceKey('xoxb-secret', 'http://127.0.0.1:1/api/'));
    const other = pacerFor(paceKey('xoxb-other', 'http://127.0.0.1:1/api/'));

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(key).not.toContain('secret');
  });
});
