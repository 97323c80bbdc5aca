import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { DeliveryHealth } from '../../lambda/slack/delivery-health.js';
import type { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { createSlackDelivery } from '../../lambda/slack/slack-delivery.js';
import { unpaced } from '../../lambda/slack/slack-pace.js';
import { CalmWorld, runbooks, T0, TOKEN } from '../support/calm-harness.js';
import { incidentFixture } from '../support/incidents.js';
import { recordingLog } from '../support/slack-fixtures.js';

const CHANNEL = 'C0ALERTS';

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
  const world = new CalmWorld({ channels: [CHANNEL], startAt: T0 });

  beforeEach(() => world.start());
  afterEach(() => world.stop());

  function sender(log = recordingLog()): OutboxSender {
    return world.sender(world.poster(), { log });
  }

  /** Delivery as production composes it (storms included), unpaced against the limitless emulator. */
  function fullDelivery(): OutboxSender {
    return createSlackDelivery({
      token: TOKEN,
      apiUrl: world.slack.url,
      store: world.store,
      runbooks,
      logger: recordingLog(),
      health: new DeliveryHealth('check the token'),
      giveUpAfterMinutes: 60,
      clock: () => new Date(world.now),
      pace: unpaced(),
      calm: CALM_DEFAULTS,
    });
  }

  async function open(id: string): Promise<void> {
    await world.store.incidents.create(incidentFixture({ id, facts: { baseline: 8 }, channel: CHANNEL }));
  }

  async function queue(entries: TimelineEntry[]): Promise<void> {
    for (const e of entries) {
      await world.store.incidents.appendTimeline(e);
      await world.store.outbox.enqueue(CHANNEL, e, new Date(world.now).toISOString());
    }
  }

  const root = (id: string) =>
    world.slack.roots(CHANNEL).find((m) => JSON.stringify(m.metadata ?? {}).includes(id));
  const thread = (id: string) => {
    const r = root(id);
    return r ? world.slack.replies(CHANNEL, r.ts) : [];
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
    expect(await world.store.outbox.listPending(100)).toEqual([]);
    expect(
      (await world.store.incidents.listTimeline('inc-race')).filter((e) => e.kind === 'RECORD_CHANGED'),
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
    world.now += 4_000;
    await queue([entry('inc-window', 2, 'RECORD_CHANGED'), entry('inc-window', 3, 'RECORD_CHANGED')]);
    await s.flush();
    const [group] = thread('inc-window');
    expect(thread('inc-window')).toHaveLength(1);
    expect(group?.updates.at(-1)?.text).toMatch(/3 record changes/);
    world.now += CALM_DEFAULTS.groupWindowMs;
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
      world.now += 1_000;
      const stored = await world.store.incidents.get('inc-pace');
      if (!stored) throw new Error('no incident');
      await world.store.incidents.update({
        ...stored,
        version: stored.version + 1,
        ...(kind === 'RECOVERED'
          ? { status: 'resolved' as const, resolvedAt: new Date(world.now).toISOString() }
          : { headlineKind: kind }),
      });
      await queue([entry('inc-pace', n, kind)]);
      await s.flush();
    }
    // Three state changes within 3 s of the root's post: no edit yet (the post counts as the last one).
    expect(root('inc-pace')?.updates ?? []).toHaveLength(0);
    expect(thread('inc-pace')).toHaveLength(3);
    world.now = T0 + CALM_DEFAULTS.rootEditMs;
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
    const sorted = world.slack.messages
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
      world.now += 2_000;
    }
    const roots = world.slack.roots(CHANNEL);
    // Five roots top-level, then the storm's summary; the sixth incident on goes in its thread.
    expect(roots).toHaveLength(6);
    const summary = roots[5];
    expect(summary?.text).toMatch(/incidents? in/);
    const inThread = world.slack.replies(CHANNEL, summary?.ts ?? '');
    for (const id of ids.slice(5)) {
      const payload = (m: { metadata?: { event_payload: Record<string, unknown> } }) =>
        m.metadata?.event_payload;
      const root = inThread.find((m) => payload(m)?.incident === id && payload(m)?.entry === 'root');
      const empty = inThread.find((m) => payload(m)?.incident === id && payload(m)?.entry !== 'root');
      expect(empty, `${id}: its EMPTY reply in the storm thread`).toBeDefined();
      expect(root, id).toBeDefined();
    }
    // Each storm incident keeps its own replies (in the storm thread) and its id in the store.
    const stored = await world.store.incidents.get('inc-storm-7');
    expect(stored?.slack?.thread).toBe(summary?.ts);
    world.now += CALM_DEFAULTS.storm.quietMs + CALM_DEFAULTS.rootEditMs;
    await delivery.flush();
    const last = world.slack.roots(CHANNEL)[5];
    expect(last?.updates.at(-1)?.text ?? last?.text).toMatch(/8 incidents|over/);
  });

  it('never posts a group twice when Slack failed its post and the window passed before the retry', async () => {
    await open('inc-lost');
    const s = sender();
    await queue([entry('inc-lost', 0, 'OPENED')]);
    await s.flush();
    await queue([entry('inc-lost', 1, 'RECORD_CHANGED'), entry('inc-lost', 2, 'RECORD_CHANGED')]);
    world.slack.failNext(1, { status: 500 }, 'chat.postMessage');
    await s.flush();
    world.now += 60_000;
    await s.flush();
    const replies = thread('inc-lost');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.updates.at(-1)?.text ?? replies[0]?.text).toMatch(/2 record changes/);
    expect(await world.store.outbox.listPending(10)).toEqual([]);
  });

  it('keeps a root edit owed when Slack refuses it, and writes it on a later flush', async () => {
    await open('inc-owed');
    const s = sender();
    await queue([entry('inc-owed', 0, 'OPENED')]);
    await s.flush();
    world.now += 1_000;
    await queue([entry('inc-owed', 1, 'EMPTY')]);
    await s.flush();
    world.now += CALM_DEFAULTS.rootEditMs;
    world.slack.failNext(1, { status: 500 }, 'chat.update');
    await s.flush();
    expect(root('inc-owed')?.updates ?? []).toHaveLength(0);
    world.now += CALM_DEFAULTS.rootEditMs;
    await s.flush();
    expect(root('inc-owed')?.updates).toHaveLength(1);
  });

  it('is no storm when incidents that opened minutes apart are delivered at once (a backlog)', async () => {
    for (let i = 0; i < 8; i++) {
      const id = `inc-backlog-${i}`;
      await world.store.incidents.create(
        incidentFixture({
          id,
          facts: { baseline: 8 },
          channel: CHANNEL,
          openedAt: new Date(T0 + i * 300_000).toISOString(),
        }),
      );
      await queue([entry(id, i, 'OPENED')]);
    }
    world.now = T0 + 40 * 60_000;
    const withStorms = fullDelivery();
    await withStorms.flush();
    expect(world.slack.roots(CHANNEL)).toHaveLength(8);
  });

  it('gives waiting state changes the channel before any root edit', async () => {
    const s = sender();
    const ids = Array.from({ length: 4 }, (_, i) => `inc-first-${i}`);
    for (const [i, id] of ids.entries()) {
      await open(id);
      await queue([entry(id, 2 * i, 'OPENED')]);
    }
    await s.flush();
    world.now += CALM_DEFAULTS.rootEditMs;
    const before = world.slack.traffic().length;
    for (const [i, id] of ids.entries()) await queue([entry(id, 2 * i + 1, 'EMPTY')]);
    await s.flush();
    const calls = world.slack
      .traffic()
      .slice(before)
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .map((c) => c.method);
    // Four EMPTY replies first, then the four roots edited (owed until the replies were out).
    expect(calls).toEqual([...Array(4).fill('chat.postMessage'), ...Array(4).fill('chat.update')]);
  });
});
