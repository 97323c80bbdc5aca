import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpeningInput } from '../../lambda/domain/calm/storm.js';
import type { SlackRef } from '../../lambda/domain/incident.js';
import type { SlackMessage } from '../../lambda/domain/render/blocks.js';
import { SlackDeliveryError } from '../../lambda/slack/errors.js';
import { type EntryKey, matchesKey, metadataOf } from '../../lambda/slack/message-metadata.js';
import { type StormSlackPort, StormThreads } from '../../lambda/slack/storm-threads.js';
import { createStore } from '../../lambda/store/store.js';
import type { StormStore } from '../../lambda/store/storm-repo.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { recordingLog } from '../support/slack-fixtures.js';

/**
 * Item 4 of #11: more than K openings within W in one channel post one storm message, whose thread
 * takes the roots of the storm's further incidents; it is edited in place (paced) and says when the
 * storm is over. Against dynalite, with a fake Slack that keeps metadata as Slack does.
 */

const START = Date.parse('2025-10-20T07:48:00.000Z');

interface Posted {
  channel: string;
  ts: string;
  key: EntryKey;
  message: SlackMessage;
}

/** Slack as the storm needs it: posts carry metadata, and a post can land although its answer is lost. */
class FakeStormSlack implements StormSlackPort {
  posts: Posted[] = [];
  updates: { ts: string; text: string; atMs: number }[] = [];
  finds = 0;
  /** The next post lands in the channel, but the caller hears a timeout. */
  loseNextAnswer = false;
  constructor(private readonly clock: () => number) {}

  async postStorm(channel: string, message: SlackMessage, key: EntryKey): Promise<SlackRef> {
    const ts = `${Math.floor(this.clock() / 1000)}.${String(this.posts.length + 1).padStart(6, '0')}`;
    this.posts.push({ channel, ts, key, message });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new SlackDeliveryError('retryable', 'request_timeout', { outcomeUnknown: true });
    }
    return { channel, ts };
  }

  async updateStorm(ref: SlackRef, message: SlackMessage): Promise<void> {
    this.updates.push({ ts: ref.ts, text: message.text, atMs: this.clock() });
  }

  async findStorm(channel: string, key: EntryKey, _sinceMs: number): Promise<SlackRef | undefined> {
    this.finds += 1;
    const hit = this.posts.find((p) => p.channel === channel && matchesKey(metadataOf(p.key), key));
    return hit ? { channel, ts: hit.ts } : undefined;
  }
}

const opening = (n: number): Omit<OpeningInput, 'channel'> => ({
  incidentId: `inc-${String(n).padStart(3, '0')}`,
  kind: n % 3 === 0 ? 'UNREACHABLE' : 'EMPTY',
  source: 'dns-probe',
  region: 'us-east-1',
});

/** A store that dies right after the storm message was posted, before its ts is recorded. */
function crashingBeforeRecord(repo: StormStore): StormStore {
  return {
    get: (channel) => repo.get(channel),
    dueChannels: () => repo.dueChannels(),
    change: (channel, next) =>
      repo.change(channel, (current) => {
        const after = next(current);
        if (after?.message?.ref && !current?.message?.ref) throw new Error('container stopped');
        return after;
      }),
  };
}

describe('Class: StormThreads', () => {
  let t: TestStore;
  let nowMs: number;
  let channelNo = 0;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  function setup(repo: StormStore = t.store.storms) {
    nowMs = START;
    const slack = new FakeStormSlack(() => nowMs);
    const log = recordingLog();
    const threads = (over: StormStore = repo) =>
      new StormThreads({ repo: over, slack, now: () => new Date(nowMs), log, sleep: async () => {} });
    channelNo += 1;
    return { slack, log, threads, channel: `C0STORM${channelNo}` };
  }

  it('keeps the first five openings top-level and posts the storm message once at the sixth', async () => {
    // Prepare
    const { slack, threads, channel } = setup();
    const storms = threads();

    // Act
    const first = [];
    for (let n = 1; n <= 5; n++) first.push(await storms.place(channel, opening(n)));
    const sixth = await storms.place(channel, opening(6));
    const again = await storms.place(channel, opening(6));
    const earlier = await storms.place(channel, opening(2));

    // Assess
    expect(first).toEqual([{}, {}, {}, {}, {}]);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]?.key).toEqual({ incident: 'storm-inc-006', entry: 'STORM' });
    expect(slack.posts[0]?.message.text).toContain('us-east-1: 6 incidents');
    expect(sixth).toEqual({ thread: slack.posts[0]?.ts });
    expect(again).toEqual(sixth);
    expect(earlier).toEqual({});
  });

  it('threads later openings without editing the summary itself; refreshes edit it at most once per 5 s, the final state last', async () => {
    // Prepare
    const { slack, threads, channel } = setup();
    const storms = threads();
    for (let n = 1; n <= 6; n++) await storms.place(channel, opening(n));
    const thread = slack.posts[0]?.ts;

    // Act: one opening a second for 14 s; the first 7 alone, then each followed by a flush's refresh
    const placements = [];
    for (let n = 7; n <= 13; n++) {
      nowMs += 1_000;
      placements.push(await storms.place(channel, opening(n)));
    }
    const editsByPlacing = slack.updates.length;
    const dueAfterPlacing = await storms.dueChannels();
    for (let n = 14; n <= 20; n++) {
      nowMs += 1_000;
      placements.push(await storms.place(channel, opening(n)));
      await storms.refresh(channel);
    }
    const editsDuring = slack.updates.length;
    nowMs += 5_000;
    await storms.refresh(channel);
    await storms.refresh(channel);

    // Assess: placing a root never spends one of the channel's calls on the summary
    expect(placements.every((p) => p.thread === thread)).toBe(true);
    expect(slack.posts).toHaveLength(1);
    expect(editsByPlacing).toBe(0);
    expect(dueAfterPlacing).toContain(channel);
    expect(editsDuring).toBe(2);
    const times = [START, ...slack.updates.map((u) => u.atMs)];
    const gaps = times.slice(1).map((at, i) => at - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000);
    expect(slack.updates).toHaveLength(3);
    expect(slack.updates.at(-1)?.text).toContain('20 incidents');
    expect(slack.updates.at(-1)?.ts).toBe(thread);
  });

  it('finds the storm message a crashed attempt posted instead of posting it again', async () => {
    // Prepare
    const { slack, threads, channel } = setup();
    const crashing = threads(crashingBeforeRecord(t.store.storms));
    for (let n = 1; n <= 5; n++) await crashing.place(channel, opening(n));
    await expect(crashing.place(channel, opening(6))).rejects.toThrow('container stopped');
    const stored = await t.store.storms.get(channel);

    // Act: another container places the next opening
    nowMs += 1_000;
    const seventh = await threads().place(channel, opening(7));
    const sixth = await threads().place(channel, opening(6));

    // Assess
    expect(stored?.message?.postingSince).toBeDefined();
    expect(stored?.message?.ref).toBeUndefined();
    expect(slack.posts).toHaveLength(1);
    expect(seventh).toEqual({ thread: slack.posts[0]?.ts });
    expect(sixth).toEqual(seventh);
    expect(slack.finds).toBeGreaterThan(0);
  });

  it('adopts a post whose answer was lost, and waits out the grace period before posting a lost one again', async () => {
    // Prepare
    const { slack, threads, channel } = setup();
    const storms = threads();
    for (let n = 1; n <= 5; n++) await storms.place(channel, opening(n));
    slack.loseNextAnswer = true;

    // Act
    const lost = await storms.place(channel, opening(6)).catch((error: unknown) => error);
    const adopted = await storms.place(channel, opening(6));
    slack.posts.length = 0; // Slack never performed it after all (say, it was deleted)
    const other = setup();
    for (let n = 1; n <= 5; n++) await other.threads().place(other.channel, opening(n));
    other.slack.postStorm = async () => {
      throw new SlackDeliveryError('retryable', 'request_timeout', { outcomeUnknown: true });
    };
    await other
      .threads()
      .place(other.channel, opening(6))
      .catch(() => undefined);
    delete (other.slack as Partial<FakeStormSlack>).postStorm;
    const waiting = await other
      .threads()
      .place(other.channel, opening(6))
      .catch((error: unknown) => error);
    nowMs += 31_000;
    const posted = await other.threads().place(other.channel, opening(6));

    // Assess
    expect((lost as SlackDeliveryError).outcomeUnknown).toBe(true);
    expect(adopted.thread).toMatch(/\.000001$/);
    expect((waiting as SlackDeliveryError).reason).toMatch(/^awaiting_late_answer/);
    expect(other.slack.posts).toHaveLength(1);
    expect(posted).toEqual({ thread: other.slack.posts[0]?.ts });
  });

  it('writes the "over" summary once after a quiet period and leaves the due index', async () => {
    // Prepare
    const { slack, threads, channel } = setup();
    const storms = threads();
    for (let n = 1; n <= 8; n++) await storms.place(channel, opening(n));

    // Act
    nowMs += 59_000;
    await storms.refresh(channel);
    const beforeQuiet = slack.updates.length;
    nowMs += 1_000;
    await storms.refresh(channel);
    await storms.refresh(channel);
    nowMs += 60_000;
    await storms.refresh(channel);

    // Assess
    const over = slack.updates.filter((u) => u.text.includes('over at'));
    expect(beforeQuiet).toBe(1);
    expect(over).toHaveLength(1);
    expect(over[0]?.text).toContain('8 incidents');
    expect(slack.updates.at(-1)?.text).toContain('over at 07:49 UTC');
    expect(await storms.dueChannels()).not.toContain(channel);
  });

  it('two containers racing 20 openings post one storm message and count every incident once', async () => {
    // Prepare
    const { slack, log, channel } = setup();
    const stores = [createStore(t.dynamo.client, t.tableName), createStore(t.dynamo.client, t.tableName)];
    const containers = stores.map(
      (store) =>
        new StormThreads({
          repo: store.storms,
          slack,
          now: () => new Date(nowMs),
          log,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
        }),
    );
    const placeRetrying = async (n: number) => {
      const container = containers[n % 2] as StormThreads;
      for (let attempt = 1; ; attempt++) {
        try {
          return await container.place(channel, opening(n));
        } catch (error) {
          if (!(error instanceof SlackDeliveryError) || attempt >= 5) throw error;
        }
      }
    };

    // Act: each container delivers its openings in order, as a channel's outbox does, both at once
    const stream = async (odd: number) => {
      const placed = [];
      for (let n = odd; n <= 20; n += 2) placed.push(await placeRetrying(n));
      return placed;
    };
    const placements = (await Promise.all([stream(1), stream(2)])).flat();
    const stored = await t.store.storms.get(channel);

    // Assess
    expect(slack.posts).toHaveLength(1);
    expect(placements.filter((p) => p.thread === undefined)).toHaveLength(5);
    expect(placements.filter((p) => p.thread === slack.posts[0]?.ts)).toHaveLength(15);
    expect(stored?.state.storm?.incidents.total).toBe(20);
    expect(stored?.state.storm?.topLevelIds).toHaveLength(5);
    expect(new Set(stored?.state.storm?.incidents.ids).size).toBe(20);
    expect(stored?.message?.ref?.ts).toBe(slack.posts[0]?.ts);
  });
});
