import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Incident, TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender, type SlackPort } from '../../lambda/slack/outbox-sender.js';
import { LOOKUP_GRACE_MS } from '../../lambda/slack/post-lookup.js';
import { SlackPoster, type SlackPosterOptions } from '../../lambda/slack/slack-poster.js';
import type { OutboxItem } from '../../lambda/store/ports.js';
import { keys } from '../../lambda/store/table.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { forwardingPort, recordingLog, timelineEntryMaker } from '../support/slack-fixtures.js';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const OTHER = 'C0OTHER';
const runbooks = loadRunbooks({ env: {} });

const incident = (id: string, channel: string): Incident =>
  incidentFixture({ id, facts: { baseline: 8 }, channel });

const entry = timelineEntryMaker({ at: (n) => `2025-10-20T06:${String(48 + n).padStart(2, '0')}:00.000Z` });

describe('Class: OutboxSender against the fake Slack and dynalite', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let logger: ReturnType<typeof recordingLog>;

  beforeEach(async () => {
    t = await startTestStore();
    slack = await new FakeSlack({
      channels: [CHANNEL, OTHER],
      rateLimit: { perSecond: 1, burst: 3 },
    }).start();
    logger = recordingLog();
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  /** Writes an incident with `kinds` as its timeline and queues every entry for Slack. */
  async function seed(id: string, channel: string, kinds: TimelineKind[]): Promise<TimelineEntry[]> {
    await t.store.incidents.create(incident(id, channel));
    const entries = kinds.map((kind, i) => entry(id, i, kind));
    for (const e of entries) {
      await t.store.incidents.appendTimeline(e);
      await t.store.outbox.enqueue(channel, e);
    }
    return entries;
  }

  function sender(
    options: SlackPosterOptions = {},
    slackPort?: SlackPort,
    deadline?: () => number,
    clock: () => Date = () => new Date(),
  ): OutboxSender {
    const client = createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents: t.store.incidents,
      slack: slackPort ?? new SlackPoster(client, options),
      runbooks,
      now: clock,
      log: logger,
      ...(deadline ? { deadline } : {}),
    });
  }

  async function stored(item: { channel: string; seq: string }): Promise<OutboxItem> {
    const row = await new TableClient(t.dynamo.client, t.tableName).get(keys.outbox(item.channel, item.seq));
    return row?.data as OutboxItem;
  }

  const texts = (channel: string, ts: string) => slack.replies(channel, ts).map((m) => m.text);

  it('posts the root once, threads every later entry under it and edits the root to the current status', async () => {
    await seed('inc-a', CHANNEL, ['OPENED', 'CHANGED', 'NOTE']);
    const acked = {
      ...incident('inc-a', CHANNEL),
      status: 'acknowledged' as const,
      acknowledgedBy: 'alice',
      version: 2,
    };
    await t.store.incidents.update(acked);

    expect(await sender().flush()).toEqual({ sent: 3, retried: 0, failed: 0, deferred: 0 });

    const [root, ...others] = slack.roots(CHANNEL);
    expect(others).toEqual([]);
    expect(JSON.stringify(root?.blocks)).toContain('exists but has no A records (NODATA)');
    expect(JSON.stringify(root?.blocks)).toContain(
      'Runbook: EMPTY DNS answer for dynamodb.us-east-1.amazonaws.com A',
    );
    expect(texts(CHANNEL, root?.ts as string)).toEqual([
      expect.stringMatching(/^CHANGED .*CHANGED entry 1$/),
      expect.stringMatching(/^NOTE .*NOTE entry 2$/),
    ]);
    expect(root?.updates.length).toBe(2);
    expect(JSON.stringify(root?.updates.at(-1)?.blocks)).toContain('acknowledged by alice');
    expect((await t.store.incidents.get('inc-a'))?.slack).toEqual({ channel: CHANNEL, ts: root?.ts });
    expect(await t.store.outbox.listPending(10)).toEqual([]);
    // Sent items remember what they became in Slack.
    const opened = await stored({ channel: CHANNEL, seq: '2025-10-20T06:48:00.000Z#0#e00' });
    expect(opened).toMatchObject({ status: 'sent', ts: root?.ts });

    expect(await sender().flush()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(slack.messages).toHaveLength(3);
  });

  it('survives a 429 storm with Retry-After: nothing lost, thread order kept', async () => {
    await seed('inc-b', CHANNEL, ['OPENED', 'CHANGED', 'NOTE', 'CHANGED', 'NOTE', 'NOTE']);
    slack.failNext(3, { error: 'ratelimited', retryAfter: 1 }, 'chat.postMessage');
    const waits: number[] = [];
    const started = Date.now();

    const result = await sender({ onRateLimited: (s) => waits.push(s) }).flush();

    expect(result).toEqual({ sent: 6, retried: 0, failed: 0, deferred: 0 });
    expect(slack.count('chat.postMessage', 429)).toBeGreaterThanOrEqual(3);
    expect(waits.length).toBe(slack.count('chat.postMessage', 429));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000 * waits.length - 100);
    const [root] = slack.roots(CHANNEL);
    expect(texts(CHANNEL, root?.ts as string).map((text) => text?.replace(/^.*: /, ''))).toEqual([
      'CHANGED entry 1',
      'NOTE entry 2',
      'CHANGED entry 3',
      'NOTE entry 4',
      'NOTE entry 5',
    ]);
  });

  it('gives up on a Retry-After beyond the deadline at once, leaving the item pending', async () => {
    await seed('inc-c', CHANNEL, ['OPENED', 'NOTE']);
    slack.failNext(1, { error: 'ratelimited', retryAfter: 30 }, 'chat.postMessage');
    const deadlineAt = Date.now() + 5_000;
    let slept = 0;

    const result = await sender({
      deadline: () => deadlineAt,
      sleep: async () => {
        slept += 1;
      },
    }).flush();

    // At once: the 30 s Retry-After ends past the deadline, so it is not waited out at all.
    expect(slept).toBe(0);
    expect(result).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 1 });
    const pending = await t.store.outbox.listPending(10);
    expect(pending.map((p) => [p.entry.entryId, p.attempts, p.lastError])).toEqual([
      ['e00', 1, 'ratelimited'],
      ['e01', 0, undefined],
    ]);
    expect(slack.messages).toHaveLength(0);
  });

  it('keeps items pending while Slack is down and delivers them in order after up()', async () => {
    const [opened] = await seed('inc-d', CHANNEL, ['OPENED', 'CHANGED', 'NOTE']);
    slack.down();

    expect(await sender().flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 2 });
    const pending = await t.store.outbox.listPending(10);
    expect(pending.map((p) => [p.entry.entryId, p.attempts])).toEqual([
      ['e00', 1],
      ['e01', 0],
      ['e02', 0],
    ]);
    expect(pending[0]?.lastError).toBe('request_error');
    expect(opened?.entryId).toBe('e00');

    slack.up();
    // The dropped connection left the first post's outcome unknown: it is looked up, and posted only once
    // the grace period for a late-performed request is over.
    const later = () => new Date(Date.now() + LOOKUP_GRACE_MS);
    expect(await sender({}, undefined, undefined, later).flush()).toEqual({
      sent: 3,
      retried: 0,
      failed: 0,
      deferred: 0,
    });
    const [root] = slack.roots(CHANNEL);
    expect(texts(CHANNEL, root?.ts as string)).toHaveLength(2);
  });

  it('marks channel_not_found failed (kept, logged) while other channels still deliver', async () => {
    slack = await restartWith([OTHER]);
    await seed('inc-gone', CHANNEL, ['OPENED']);
    await seed('inc-ok', OTHER, ['OPENED', 'NOTE']);

    expect(await sender().flush()).toEqual({ sent: 2, retried: 0, failed: 1, deferred: 0 });

    const failed = await stored({ channel: CHANNEL, seq: '2025-10-20T06:48:00.000Z#0#e00' });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'channel_not_found' });
    expect(logger.lines.find((l) => l.level === 'error')).toMatchObject({
      // The error object itself, so Powertools logs its stack and cause.
      error: expect.objectContaining({ name: 'SlackDeliveryError', reason: 'channel_not_found' }),
      extra: expect.objectContaining({
        channel: CHANNEL,
        reason: 'channel_not_found',
        incidentId: 'inc-gone',
      }),
    });
    expect(slack.roots(OTHER)).toHaveLength(1);
    expect(await t.store.outbox.listPending(10)).toEqual([]);
  });

  it('resends as plain text when Slack answers invalid_blocks', async () => {
    await seed('inc-e', CHANNEL, ['OPENED']);
    slack.failNext(1, { error: 'invalid_blocks' }, 'chat.postMessage');

    expect(await sender().flush()).toMatchObject({ sent: 1, failed: 0 });

    const [root] = slack.roots(CHANNEL);
    expect(root?.blocks).toBeUndefined();
    expect(root?.text).toMatch(
      /^OPEN EMPTY dynamodb\.us-east-1\.amazonaws\.com\/A: .*NODATA.*incident inc-e/,
    );
    expect(logger.lines.some((l) => l.message.includes('sent as plain text'))).toBe(true);
  });

  it('threads under the winning root when another sender attached its ref first', async () => {
    await seed('inc-f', CHANNEL, ['OPENED', 'NOTE']);
    const client = createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    const poster = new SlackPoster(client);
    const winner = await poster.postRoot(
      CHANNEL,
      { text: 'the other sender’s root', blocks: [] },
      { incident: 'inc-f', entry: 'root' },
    );
    // Another copy of Lookout posts and records its root between our read and our attach.
    const racing = forwardingPort(poster, {
      postRoot: async (channel, message, key) => {
        await t.store.incidents.attachSlackRef('inc-f', { channel: winner.channel, ts: winner.ts });
        return poster.postRoot(channel, message, key);
      },
    });

    expect(await sender({}, racing).flush()).toMatchObject({ sent: 2 });

    expect(texts(CHANNEL, winner.ts)).toEqual([expect.stringMatching(/NOTE entry 1$/)]);
    expect(logger.lines.some((l) => l.message.includes('another sender posted this incident first'))).toBe(
      true,
    );
  });

  async function restartWith(channels: string[]): Promise<FakeSlack> {
    await slack.stop();
    return new FakeSlack({ channels, rateLimit: false }).start();
  }
});
