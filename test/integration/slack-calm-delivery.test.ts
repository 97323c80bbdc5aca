import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { DeliveryHealth } from '../../lambda/slack/delivery-health.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { createSlackDelivery } from '../../lambda/slack/slack-delivery.js';
import { unpaced } from '../../lambda/slack/slack-pace.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { recordingLog } from '../support/slack-fixtures.js';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const runbooks = loadRunbooks({ env: {} });
const T0 = Date.parse('2025-10-20T06:48:00.000Z');

/** An entry `n` seconds after T0, with a Route 53 change by `writer` for the record changes. */
function entry(incidentId: string, n: number, kind: TimelineKind, writer = 'enactor-1'): TimelineEntry {
  const at = new Date(T0 + n * 1000).toISOString();
  const base: TimelineEntry = {
    incidentId,
    entryId: `e${String(n).padStart(3, '0')}`,
    at,
    kind,
    source: 'cloudtrail',
    text: `${kind} ${n}`,
  };
  if (kind !== 'RECORD_CHANGED') return { ...base, source: 'dns-probe' };
  return {
    ...base,
    changes: [
      {
        id: `ev${n}#0`,
        source: 'cloudtrail',
        at,
        action: 'UPSERT',
        recordSet: {
          key: { zoneId: 'Z1', name: 'dynamodb.us-east-1.amazonaws.com', type: 'A' },
          ttl: 5,
          values: [`10.0.0.${n % 250}`],
        },
        writer: {
          principalArn: `arn:aws:sts::1:assumed-role/dns-enactor/${writer}`,
          roleName: 'dns-enactor',
          sessionName: writer,
        },
        requestId: `r${n}`,
        changeId: `C${n}`,
      },
    ],
  } as TimelineEntry;
}

describe('Calm delivery: routine entries grouped, state changes at once, root edits paced', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let now: number;

  beforeEach(async () => {
    t = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start();
    now = T0;
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  function sender(log = recordingLog()): OutboxSender {
    const client = createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents: t.store.incidents,
      slack: new SlackPoster(client),
      runbooks,
      now: () => new Date(now),
      log,
      threads: t.store.threads,
      calm: CALM_DEFAULTS,
    });
  }

  /** Delivery as production composes it (storms included), unpaced against the limitless emulator. */
  function fullDelivery(): OutboxSender {
    return createSlackDelivery({
      token: TOKEN,
      apiUrl: slack.url,
      store: t.store,
      runbooks,
      logger: recordingLog(),
      health: new DeliveryHealth('check the token'),
      giveUpAfterMinutes: 60,
      clock: () => new Date(now),
      pace: unpaced(),
      calm: CALM_DEFAULTS,
    });
  }

  async function open(id: string): Promise<void> {
    await t.store.incidents.create(incidentFixture({ id, facts: { baseline: 8 }, channel: CHANNEL }));
  }

  async function queue(entries: TimelineEntry[]): Promise<void> {
    for (const e of entries) {
      await t.store.incidents.appendTimeline(e);
      await t.store.outbox.enqueue(CHANNEL, e, new Date(now).toISOString());
    }
  }

  const root = (id: string) =>
    slack.roots(CHANNEL).find((m) => JSON.stringify(m.metadata ?? {}).includes(id));
  const thread = (id: string) => {
    const r = root(id);
    return r ? slack.replies(CHANNEL, r.ts) : [];
  };

  it('posts 14 record changes by three writers as one reply, and keeps all 14 entries', async () => {
    await open('inc-race');
    const writers = ['enactor-1', 'enactor-2', 'enactor-3'];
    await queue([
      entry('inc-race', 0, 'OPENED'),
      ...Array.from({ length: 14 }, (_, i) => entry('inc-race', i + 1, 'RECORD_CHANGED', writers[i % 3])),
    ]);
    const log = recordingLog();
    const result = await sender(log).flush();
    expect(log.lines, JSON.stringify(log.lines)).toEqual([]);
    expect(result.sent).toBe(15);
    const replies = thread('inc-race');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/14 record changes by enactor-1, enactor-2, enactor-3 in 13 s/);
    expect(await t.store.outbox.listPending(100)).toEqual([]);
    expect(
      (await t.store.incidents.listTimeline('inc-race')).filter((e) => e.kind === 'RECORD_CHANGED'),
    ).toHaveLength(14);
  });

  it('posts a state change at once as its own reply, and routine entries after it gather below it', async () => {
    await open('inc-order');
    await queue([
      entry('inc-order', 0, 'OPENED'),
      entry('inc-order', 1, 'RECORD_CHANGED'),
      entry('inc-order', 2, 'RECORD_CHANGED'),
    ]);
    await queue([
      entry('inc-order', 3, 'EMPTY'),
      entry('inc-order', 4, 'RECORD_CHANGED'),
      entry('inc-order', 5, 'RECORD_CHANGED'),
    ]);
    await sender().flush();
    const texts = thread('inc-order').map((m) => m.text ?? '');
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/2 record changes/);
    expect(texts[1]).toMatch(/EMPTY/);
    expect(texts[2]).toMatch(/2 record changes/);
  });

  it('edits the open group in place while entries keep arriving within the window, then starts a new one', async () => {
    await open('inc-window');
    const s = sender();
    await queue([entry('inc-window', 0, 'OPENED'), entry('inc-window', 1, 'RECORD_CHANGED')]);
    await s.flush();
    expect(thread('inc-window')).toHaveLength(1);
    expect(thread('inc-window')[0]?.text).toMatch(/RECORD_CHANGED 1/);
    now += 4_000;
    await queue([entry('inc-window', 2, 'RECORD_CHANGED'), entry('inc-window', 3, 'RECORD_CHANGED')]);
    await s.flush();
    const [group] = thread('inc-window');
    expect(thread('inc-window')).toHaveLength(1);
    expect(group?.updates.at(-1)?.text).toMatch(/3 record changes/);
    now += CALM_DEFAULTS.groupWindowMs;
    await queue([entry('inc-window', 4, 'RECORD_CHANGED')]);
    await s.flush();
    expect(thread('inc-window')).toHaveLength(2);
  });

  it('edits a root at most once per interval, owes the edit, and writes the last state on a later flush', async () => {
    await open('inc-pace');
    const s = sender();
    await queue([entry('inc-pace', 0, 'OPENED')]);
    await s.flush();
    const posted = root('inc-pace');
    expect(posted?.updates).toHaveLength(0);
    for (const [n, kind] of [
      [1, 'EMPTY'],
      [2, 'FLAPPING'],
      [3, 'RECOVERED'],
    ] as const) {
      now += 1_000;
      const stored = await t.store.incidents.get('inc-pace');
      if (!stored) throw new Error('no incident');
      await t.store.incidents.update({
        ...stored,
        version: stored.version + 1,
        ...(kind === 'RECOVERED'
          ? { status: 'resolved' as const, resolvedAt: new Date(now).toISOString() }
          : { headlineKind: kind }),
      });
      await queue([entry('inc-pace', n, kind)]);
      await s.flush();
    }
    // Three state changes within 3 s of the root's post: no edit yet (the post counts as the last one).
    expect(root('inc-pace')?.updates ?? []).toHaveLength(0);
    expect(thread('inc-pace')).toHaveLength(3);
    now = T0 + CALM_DEFAULTS.rootEditMs;
    await s.flush();
    const updates = root('inc-pace')?.updates ?? [];
    expect(updates).toHaveLength(1);
    expect(updates[0]?.text).toMatch(/[Rr]esolved/);
    await s.flush();
    expect(root('inc-pace')?.updates).toHaveLength(1);
  });

  it('sends roots and state changes of other incidents before a waiting incident’s routine entries', async () => {
    await open('inc-a');
    await open('inc-b');
    await queue([entry('inc-a', 0, 'OPENED')]);
    await sender().flush();
    await queue(Array.from({ length: 5 }, (_, i) => entry('inc-a', i + 1, 'RECORD_CHANGED')));
    await queue([entry('inc-b', 10, 'OPENED'), entry('inc-b', 11, 'EMPTY')]);
    await sender().flush();
    const sorted = slack.messages
      .filter((m) => m.channel === CHANNEL)
      .sort((x, y) => Number(x.ts) - Number(y.ts));
    const rootB = sorted.findIndex((m) => !m.thread_ts && JSON.stringify(m.metadata ?? {}).includes('inc-b'));
    const groupA = sorted.findIndex((m) => m.text?.includes('5 record changes'));
    expect(rootB).toBeGreaterThan(-1);
    expect(groupA).toBeGreaterThan(rootB);
  });

  it('puts the roots of a storm’s further incidents in its summary’s thread, with their replies', async () => {
    const delivery = fullDelivery();
    const ids = Array.from({ length: 8 }, (_, i) => `inc-storm-${i}`);
    for (const [i, id] of ids.entries()) {
      await open(id);
      await queue([entry(id, 2 * i, 'OPENED'), entry(id, 2 * i + 1, 'EMPTY')]);
      await delivery.flush();
      now += 2_000;
    }
    const roots = slack.roots(CHANNEL);
    // Five roots top-level, then the storm's summary; the sixth incident on goes in its thread.
    expect(roots).toHaveLength(6);
    const summary = roots[5];
    expect(summary?.text).toMatch(/incidents? in/);
    const inThread = slack.replies(CHANNEL, summary?.ts ?? '');
    for (const id of ids.slice(5)) {
      const payload = (m: { metadata?: { event_payload: Record<string, unknown> } }) =>
        m.metadata?.event_payload;
      const root = inThread.find((m) => payload(m)?.incident === id && payload(m)?.entry === 'root');
      const empty = inThread.find((m) => payload(m)?.incident === id && payload(m)?.entry !== 'root');
      expect(empty, `${id}: its EMPTY reply in the storm thread`).toBeDefined();
      expect(root, id).toBeDefined();
    }
    // Each storm incident keeps its own replies (in the storm thread) and its id in the store.
    const stored = await t.store.incidents.get('inc-storm-7');
    expect(stored?.slack?.thread).toBe(summary?.ts);
    now += CALM_DEFAULTS.storm.quietMs + CALM_DEFAULTS.rootEditMs;
    await delivery.flush();
    const last = slack.roots(CHANNEL)[5];
    expect(last?.updates.at(-1)?.text ?? last?.text).toMatch(/8 incidents|over/);
  });

  it('never posts a group twice when Slack failed its post and the window passed before the retry', async () => {
    await open('inc-lost');
    const s = sender();
    await queue([entry('inc-lost', 0, 'OPENED')]);
    await s.flush();
    await queue([entry('inc-lost', 1, 'RECORD_CHANGED'), entry('inc-lost', 2, 'RECORD_CHANGED')]);
    slack.failNext(1, { status: 500 }, 'chat.postMessage');
    await s.flush();
    now += 60_000;
    await s.flush();
    const replies = thread('inc-lost');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.updates.at(-1)?.text ?? replies[0]?.text).toMatch(/2 record changes/);
    expect(await t.store.outbox.listPending(10)).toEqual([]);
  });

  it('keeps a root edit owed when Slack refuses it, and writes it on a later flush', async () => {
    await open('inc-owed');
    const s = sender();
    await queue([entry('inc-owed', 0, 'OPENED')]);
    await s.flush();
    now += 1_000;
    await queue([entry('inc-owed', 1, 'EMPTY')]);
    await s.flush();
    now += CALM_DEFAULTS.rootEditMs;
    slack.failNext(1, { status: 500 }, 'chat.update');
    await s.flush();
    expect(root('inc-owed')?.updates ?? []).toHaveLength(0);
    now += CALM_DEFAULTS.rootEditMs;
    await s.flush();
    expect(root('inc-owed')?.updates).toHaveLength(1);
  });

  it('is no storm when incidents that opened minutes apart are delivered at once (a backlog)', async () => {
    for (let i = 0; i < 8; i++) {
      const id = `inc-backlog-${i}`;
      await t.store.incidents.create(
        incidentFixture({
          id,
          facts: { baseline: 8 },
          channel: CHANNEL,
          openedAt: new Date(T0 + i * 300_000).toISOString(),
        }),
      );
      await queue([entry(id, i, 'OPENED')]);
    }
    now = T0 + 40 * 60_000;
    const withStorms = fullDelivery();
    await withStorms.flush();
    expect(slack.roots(CHANNEL)).toHaveLength(8);
  });

  it('gives waiting state changes the channel before any root edit', async () => {
    const s = sender();
    const ids = Array.from({ length: 4 }, (_, i) => `inc-first-${i}`);
    for (const [i, id] of ids.entries()) {
      await open(id);
      await queue([entry(id, 2 * i, 'OPENED')]);
    }
    await s.flush();
    now += CALM_DEFAULTS.rootEditMs;
    const before = slack.traffic().length;
    for (const [i, id] of ids.entries()) await queue([entry(id, 2 * i + 1, 'EMPTY')]);
    await s.flush();
    const calls = slack
      .traffic()
      .slice(before)
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .map((c) => c.method);
    // Four EMPTY replies first, then the four roots edited (owed until the replies were out).
    expect(calls).toEqual([...Array(4).fill('chat.postMessage'), ...Array(4).fill('chat.update')]);
  });
});
