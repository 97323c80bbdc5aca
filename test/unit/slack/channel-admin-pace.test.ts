import { WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SlackChannelAdmin } from '../../../lambda/slack/channel-admin.js';
import { SlackPace } from '../../../lambda/slack/slack-pace.js';

const T0 = Date.UTC(2026, 11, 2, 20, 0, 0);

/**
 * A WebClient that records when each channel-admin method was called (on the fake clock) and answers
 * `answer(method)`: a value, or an error to throw.
 */
function fakeSlack(answer: (method: string) => unknown = () => ({ ok: true, channel: { id: 'C0NEW' } })) {
  const time = { now: T0 };
  const calls: { method: string; at: number }[] = [];
  const method = (name: string) => async () => {
    calls.push({ method: name, at: time.now - T0 });
    const out = answer(name);
    if (out instanceof Error) throw out;
    return out;
  };
  const client = {
    conversations: {
      create: method('conversations.create'),
      archive: method('conversations.archive'),
      invite: method('conversations.invite'),
      list: method('conversations.list'),
    },
    usergroups: { users: { list: method('usergroups.users.list') } },
  } as unknown as WebClient;
  const pace = new SlackPace({ now: () => time.now });
  const sleep = async (ms: number) => {
    time.now += ms;
  };
  return { client, calls, pace, sleep, time };
}

// Before: channel administration was not paced, so a storm of high-severity incidents created channels
// as fast as the outbox asked, into Slack's Tier 2 limit (about 20 a minute) and its 429s.
describe('Class: SlackChannelAdmin (paced)', () => {
  it('creates channels no faster than Tier 2 allows (20 a minute), through the shared pacer', async () => {
    // Prepare
    const { client, calls, pace, sleep } = fakeSlack();
    const admin = new SlackChannelAdmin(client, { pace, sleep, now: () => T0 });

    // Act
    for (let n = 0; n < 5; n++) await admin.createChannel(`inc-${n}`);

    // Assess
    expect(calls.map((c) => c.at)).toEqual([0, 3_000, 6_000, 9_000, 12_000]);
  });

  it('after a 429, the next call waits out its Retry-After instead of meeting the same refusal', async () => {
    // Prepare
    let limited = true;
    const { client, calls, pace, sleep } = fakeSlack((method) => {
      if (method === 'conversations.archive' && limited) {
        limited = false;
        return new WebAPIRateLimitedError(30);
      }
      return { ok: true };
    });
    const admin = new SlackChannelAdmin(client, { pace, sleep });

    // Act
    await expect(admin.archive('C0INC')).rejects.toMatchObject({ kind: 'retryable', reason: 'ratelimited' });
    await admin.archive('C0INC');

    // Assess
    expect(calls.map((c) => c.at)).toEqual([0, 30_000]);
  });

  it('refuses up front, sending nothing, when its turn would come after the deadline', async () => {
    // Prepare
    const { client, calls, pace, sleep, time } = fakeSlack(() => ({ ok: true, users: ['U1'] }));
    const admin = new SlackChannelAdmin(client, {
      pace,
      sleep,
      deadline: () => T0 + 1_000,
      now: () => time.now,
    });
    await admin.usergroupMembers('S0ONCALL');

    // Act
    const refused = admin.usergroupMembers('S0ONCALL');

    // Assess
    await expect(refused).rejects.toMatchObject({ kind: 'retryable', reason: 'ratelimited', paced: true });
    expect(calls).toHaveLength(1);
  });
});
