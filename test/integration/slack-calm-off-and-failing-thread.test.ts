import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { SlackDeliveryError } from '../../lambda/slack/errors.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { forwardingPort, recordingLog, timelineEntryMaker } from '../support/slack-fixtures.js';

// Found by the second review of #11; each failed on 2f83e6a:
// 1. groupWindowSeconds: 0 made the priority order treat routine items as state changes (by time only).
// 2. rootEditSeconds: 0 dropped an edit owed while later state changes waited (owe/settle did nothing at 0).
// 3. one incident's retryable failure stopped the whole channel, other incidents' state changes too.

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0STORM';
const runbooks = loadRunbooks({ env: {} });
const T0 = Date.parse('2025-10-20T06:48:00.000Z');
const make = timelineEntryMaker({ at: (n) => new Date(T0 + n * 1000).toISOString(), idDigits: 4 });

describe('Calm delivery with grouping or root pacing off, and one failing thread', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let now: number;
  let n: number;
  let posts: { incident: string; entry: string }[];

  beforeEach(async () => {
    t = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start();
    now = T0 + 3_600_000;
    n = 0;
    posts = [];
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  function sender(
    calm: { groupWindowMs: number; rootEditMs: number } = { ...CALM_DEFAULTS, groupWindowMs: 0 },
    failing?: string,
  ): OutboxSender {
    const poster = new SlackPoster(
      createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }),
    );
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents: t.store.incidents,
      slack: forwardingPort(poster, {
        postReply: async (channel, threadTs, message, key) => {
          if (key.incident === failing) throw new SlackDeliveryError('retryable', 'service_unavailable');
          posts.push(key);
          return poster.postReply(channel, threadTs, message, key);
        },
      }),
      runbooks,
      now: () => new Date(now),
      log: recordingLog(),
      threads: t.store.threads,
      calm,
    });
  }

  async function queue(incidentId: string, kind: TimelineKind): Promise<TimelineEntry> {
    n += 1;
    const entry = make(incidentId, n, kind);
    await t.store.incidents.appendTimeline(entry);
    await t.store.outbox.enqueue(CHANNEL, entry, new Date(now).toISOString());
    return entry;
  }

  it('posts another incident’s EMPTY before 30 older record changes (README: "sent before anything routine waiting in the channel")', async () => {
    // Prepare: two incidents with roots posted; 30 record changes of one, then the other's EMPTY.
    for (const id of ['inc-bulk', 'inc-empty']) {
      await t.store.incidents.create(incidentFixture({ id, facts: { baseline: 8 }, channel: CHANNEL }));
      await queue(id, 'OPENED');
    }
    await sender().flush();
    for (let i = 0; i < 30; i++) await queue('inc-bulk', 'RECORD_CHANGED');
    const empty = await queue('inc-empty', 'EMPTY');
    posts = [];

    // Act
    await sender().flush();

    // Assess: the EMPTY is the first reply (in a paced channel, 30 s earlier than it is now).
    expect(posts.findIndex((p) => p.entry === empty.entryId)).toBe(0);
  });

  it('edits each root after its state change with rootEditSeconds: 0 (README: "0: edit the root after every entry")', async () => {
    // Prepare: two incidents with roots posted; an EMPTY of each, queued together.
    const calm = { ...CALM_DEFAULTS, rootEditMs: 0 };
    for (const id of ['inc-a', 'inc-b']) {
      await t.store.incidents.create(incidentFixture({ id, facts: { baseline: 8 }, channel: CHANNEL }));
      await queue(id, 'OPENED');
    }
    await sender(calm).flush();
    for (const id of ['inc-a', 'inc-b']) await queue(id, 'EMPTY');

    // Act
    await sender(calm).flush();
    await sender(calm).flush();

    // Assess: both roots were edited after their EMPTY (inc-a's edit was "owed" to a RootEdits that
    // records nothing and settles nothing when its interval is 0: it is dropped).
    const edited = slack.roots(CHANNEL).map((m) => m.updates.length);
    expect(edited).toEqual([1, 1]);
  });

  it('posts incident B’s EMPTY while incident A’s older EMPTY keeps failing retryably (another thread)', async () => {
    // Prepare: two incidents with roots posted; A's EMPTY (older) then B's EMPTY. Slack keeps answering
    // A's reply with a retryable error (kept up to maxAgeMs, 24 h).
    for (const id of ['inc-a', 'inc-b']) {
      await t.store.incidents.create(incidentFixture({ id, facts: { baseline: 8 }, channel: CHANNEL }));
      await queue(id, 'OPENED');
    }
    await sender(CALM_DEFAULTS).flush();
    await queue('inc-a', 'EMPTY');
    const empty = await queue('inc-b', 'EMPTY');
    posts = [];

    // Act: three flushes, a minute apart.
    for (let i = 0; i < 3; i++) {
      await sender(CALM_DEFAULTS, 'inc-a').flush();
      now += 60_000;
    }

    // Assess: B's thread does not depend on A's; its EMPTY should not wait behind A's failure.
    expect(posts.map((p) => p.entry)).toContain(empty.entryId);
  });
});
