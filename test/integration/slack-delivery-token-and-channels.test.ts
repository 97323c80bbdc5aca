import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeSlackOptions } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { SlackDeliveryError } from '../../lambda/slack/errors.js';
import { OutboxSender, type SlackPort } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { OutboxRepo } from '../../lambda/store/outbox-repo.js';
import type { OutboxItem } from '../../lambda/store/ports.js';
import { keys, OUTBOX_PENDING_PK, outboxIndexSk, outboxPendingSk } from '../../lambda/store/table.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { forwardingPort, recordingLog, signal, timelineEntryMaker } from '../support/slack-fixtures.js';

/**
 * Token trouble pauses delivery instead of failing alerts; one channel's trouble never holds back
 * another; a message is given up on only after its age limit, and a person can queue it again.
 */

const TOKEN = 'xoxb-test-token';
const A = 'C0ALERTS';
const B = 'C0OTHER';
const T0 = Date.parse('2023-11-14T22:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const runbooks = loadRunbooks({ env: {} });

const entry = timelineEntryMaker({ at, idDigits: 3 });

describe('Slack delivery: token trouble, channels and giving up (FakeSlack + dynalite)', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let logger: ReturnType<typeof recordingLog>;
  let nowMs: number;
  const clock = () => new Date(nowMs);

  beforeEach(async () => {
    t = await startTestStore();
    slack = await startSlack();
    logger = recordingLog();
    nowMs = T0 + 10 * 60_000;
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  function startSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    return new FakeSlack({ channels: [A, B], rateLimit: false, ...options }).start();
  }

  function poster(): SlackPoster {
    return new SlackPoster(createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }));
  }

  function sender(options: { slack?: SlackPort; batchSize?: number; maxAgeMs?: number } = {}): OutboxSender {
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents: t.store.incidents,
      slack: options.slack ?? poster(),
      runbooks,
      now: clock,
      log: logger,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.maxAgeMs ? { maxAgeMs: options.maxAgeMs } : {}),
    });
  }

  /** An incident in `channel` whose entries (the nth at T0 + first + n minutes) are all queued. */
  async function seed(
    id: string,
    channel: string,
    kinds: TimelineKind[],
    first = 0,
  ): Promise<TimelineEntry[]> {
    await t.store.incidents.create(
      incidentFixture({ id, channel, openedAt: at(first), updatedAt: at(first), facts: { baseline: 8 } }),
    );
    const entries = kinds.map((kind, i) => entry(id, first + i, kind));
    await Promise.all(
      entries.map(async (e) => {
        await t.store.incidents.appendTimeline(e);
        await t.store.outbox.enqueue(channel, e, clock().toISOString());
      }),
    );
    return entries;
  }

  const thread = (channel: string, incident: string) => {
    const root = slack
      .roots(channel)
      .find(
        (m) => m.metadata?.event_payload.incident === incident && m.metadata.event_payload.entry === 'root',
      );
    return root ? slack.replies(channel, root.ts).map((m) => m.metadata?.event_payload.entry) : undefined;
  };

  it('pauses on a revoked token without failing anything, says so once, and delivers everything in order once granted', async () => {
    // Before fb984a8 invalid_auth was a permanent error: every queued alert in every channel was marked
    // failed (one error log each) and never reached Slack, even after the token was fixed.
    await seed('inc-a', A, ['OPENED', 'CHANGED', 'NOTE']);
    await seed('inc-b', B, ['OPENED', 'NOTE'], 1);
    slack.revoke(TOKEN);
    const s = sender();

    const paused = { sent: 0, retried: 0, failed: 0, deferred: 5, paused: 'invalid_auth' };
    expect(await s.flush()).toEqual(paused);
    expect(await s.flush()).toEqual(paused);

    const pending = await t.store.outbox.listPending(10);
    expect(pending.map((p) => [p.channel, p.entry.entryId, p.status, p.attempts])).toEqual([
      [A, 'e000', 'pending', 0],
      [A, 'e001', 'pending', 0],
      [A, 'e002', 'pending', 0],
      [B, 'e001', 'pending', 0],
      [B, 'e002', 'pending', 0],
    ]);
    expect(await t.store.outbox.listFailed()).toEqual([]);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('invalid_auth');
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(slack.messages).toEqual([]);

    slack.grant(TOKEN);
    expect(await s.flush()).toEqual({ sent: 5, retried: 0, failed: 0, deferred: 0 });

    expect(thread(A, 'inc-a')).toEqual(['e001', 'e002']);
    expect(thread(B, 'inc-b')).toEqual(['e002']);
    expect(slack.messages).toHaveLength(5);
    const resumed = logger.lines.filter((l) => l.level === 'warn' && l.message.includes('again'));
    expect(resumed).toHaveLength(1);
    expect(resumed[0]?.message).toContain('was invalid_auth');
    expect(await t.store.outbox.listPending(10)).toEqual([]);
  });

  it('pauses on missing_scope (a token without chat:write) the same way', async () => {
    // Before fb984a8 missing_scope failed every message permanently.
    await slack.stop();
    slack = await startSlack({ scopes: ['channels:history', 'channels:read'] });
    await seed('inc-scope', A, ['OPENED', 'NOTE']);

    expect(await sender().flush()).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      deferred: 2,
      paused: 'missing_scope',
    });

    expect((await t.store.outbox.listPending(10)).map((p) => p.status)).toEqual(['pending', 'pending']);
    expect(await t.store.outbox.listFailed()).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringContaining('missing_scope'),
    ]);
  });

  it('fails only the item Slack refuses (is_archived); the rest of its channel goes on', async () => {
    // Guards the pause from swallowing item-level refusals: those still fail just their item (kept and
    // listed), and do not stop the channel.
    const [refused] = (await seed('inc-x', A, ['OPENED'])) as [TimelineEntry];
    await seed('inc-y', A, ['OPENED', 'NOTE'], 1);
    slack.failNext(1, { error: 'is_archived' }, 'chat.postMessage');

    const result = await sender().flush();

    expect(result).toEqual({ sent: 2, retried: 0, failed: 1, deferred: 0 });
    expect(result.paused).toBeUndefined();
    expect(await t.store.outbox.listFailed()).toEqual([
      expect.objectContaining({ seq: OutboxRepo.seqOf(refused), status: 'failed', lastError: 'is_archived' }),
    ]);
    expect(thread(A, 'inc-x')).toBeUndefined();
    expect(thread(A, 'inc-y')).toEqual(['e002']);
  });

  it('delivers channel B’s alert in the first flush while 110 older items of channel A keep failing', async () => {
    // Before fb984a8 one query took the oldest `batchSize` pending items of all channels: 100 of A's
    // stuck items filled the batch and B's alert was not even tried until A recovered.
    // Only queued, not in a timeline: A's root never gets through, so nothing reads them back.
    await t.store.incidents.create(incidentFixture({ id: 'inc-stuck', channel: A, openedAt: at(0) }));
    await Promise.all(
      Array.from({ length: 110 }, (_, n) => entry('inc-stuck', n, n === 0 ? 'OPENED' : 'NOTE')).map((e) =>
        t.store.outbox.enqueue(A, e, clock().toISOString()),
      ),
    );
    const [bOpened] = (await seed('inc-b', B, ['OPENED'], 200)) as [TimelineEntry];

    expect(await t.store.outbox.pendingChannels()).toEqual([A, B]);
    const firstOfA = await t.store.outbox.listPending(5, A);
    expect(firstOfA.map((p) => [p.channel, p.entry.entryId])).toEqual(
      ['e000', 'e001', 'e002', 'e003', 'e004'].map((id) => [A, id]),
    );
    expect((await t.store.outbox.listPending(5, B)).map((p) => p.seq)).toEqual([OutboxRepo.seqOf(bOpened)]);

    const real = poster();
    const aDown = forwardingPort(real, {
      postRoot: (c, m, k) => {
        if (c === A) return Promise.reject(new SlackDeliveryError('retryable', 'service_unavailable'));
        return real.postRoot(c, m, k);
      },
    });

    expect(await sender({ slack: aDown, batchSize: 100 }).flush()).toEqual({
      sent: 1,
      retried: 1,
      failed: 0,
      deferred: 99,
    });

    expect(slack.roots(B)).toHaveLength(1);
    expect(slack.roots(A)).toEqual([]);
    expect((await t.store.outbox.get(B, OutboxRepo.seqOf(bOpened)))?.status).toBe('sent');
    expect(await t.store.outbox.pendingChannels()).toEqual([A]);
    const [stuck] = await t.store.outbox.listPending(1, A);
    expect(stuck).toMatchObject({ status: 'pending', attempts: 1, lastError: 'service_unavailable' });
    expect(stuck?.entry.entryId).toBe('e000');
    // Seeding 111 items into dynalite is the slow part on a loaded machine; nothing here is timed.
  }, 120_000);

  it.each([
    ['the bare seq (before per-channel delivery)', (seq: string) => seq],
    [
      'channel and seq with no lane (before state changes had a lane)',
      (seq: string) => outboxIndexSk(B, seq),
    ],
  ])(
    'finds an item queued under an old index key (%s), re-keys it in its lane and delivers it',
    async (_name, oldKey) => {
      // Items queued by an earlier Lookout must not be stranded by a new index key.
      const [opened] = (await seed('inc-legacy', B, ['OPENED'])) as [TimelineEntry];
      const seq = OutboxRepo.seqOf(opened);
      const table = new TableClient(t.dynamo.client, t.tableName);
      const { enqueuedAt: _new, ...legacy } = (await t.store.outbox.get(B, seq)) as OutboxItem;
      await table.putIfVersion(
        { ...keys.outbox(B, seq), GSI1PK: OUTBOX_PENDING_PK, GSI1SK: oldKey(seq), version: 2, data: legacy },
        1,
        'a legacy outbox item',
      );

      expect(await t.store.outbox.pendingChannels()).toEqual([B]);
      expect((await table.get(keys.outbox(B, seq)))?.GSI1SK).toBe(outboxPendingSk(legacy));
      expect(outboxPendingSk(legacy)).toBe(`${B}\u0001a\u0001${seq}`);
      expect((await t.store.outbox.listPending(10, B)).map((p) => p.seq)).toEqual([seq]);

      expect(await sender().flush()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
      expect(slack.roots(B)).toHaveLength(1);
    },
  );

  it('gives up on a retryably failing item only past maxAgeMs, lists it as failed, and delivers it after outbox.retry', async () => {
    // Before fb984a8 a retryable failure was retried forever (maxAttempts defaulted to never) and there
    // was no failed list nor a way to queue a given-up message again.
    const [opened] = (await seed('inc-old', A, ['OPENED'])) as [TimelineEntry];
    const seq = OutboxRepo.seqOf(opened);
    const s = sender({ maxAgeMs: 60 * 60_000 });

    nowMs = T0 + 10 * 60_000 + 30 * 60_000;
    slack.failNext(1, { error: 'internal_error' }, 'chat.postMessage');
    expect(await s.flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    expect(await t.store.outbox.get(A, seq)).toMatchObject({
      status: 'pending',
      lastError: 'internal_error',
    });

    // The age counts from the first failure (+30 min), not from when the item was queued.
    nowMs = T0 + 10 * 60_000 + 30 * 60_000 + 59 * 60_000;
    slack.failNext(1, { error: 'internal_error' }, 'chat.postMessage');
    expect(await s.flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });

    nowMs = T0 + 10 * 60_000 + 30 * 60_000 + 61 * 60_000;
    slack.failNext(1, { error: 'internal_error' }, 'chat.postMessage');
    expect(await s.flush()).toEqual({ sent: 0, retried: 0, failed: 1, deferred: 0 });
    const failed = await t.store.outbox.listFailed();
    expect(failed).toEqual([expect.objectContaining({ seq, status: 'failed', attempts: 3 })]);
    expect(failed[0]?.lastError).toMatch(/^gave up after 61 min of retrying: internal_error/);
    expect(await t.store.outbox.listPending(10)).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);

    expect(await t.store.outbox.retry(failed[0] as OutboxItem, clock().toISOString())).toBe(true);
    expect(await t.store.outbox.listFailed()).toEqual([]);
    // Its age now counts from the retry: one more retryable failure keeps it pending.
    nowMs += 5 * 60_000;
    slack.failNext(1, { error: 'internal_error' }, 'chat.postMessage');
    expect(await s.flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });

    expect(await s.flush()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    expect(slack.roots(A)).toHaveLength(1);
    expect(await t.store.outbox.get(A, seq)).toMatchObject({ status: 'sent', ts: slack.roots(A)[0]?.ts });
  });

  it('delivers channel B while channel A waits out a long Retry-After in an earlier flush', async () => {
    // Before, one flush at a time ran and it waited for every channel: B's new alert reached Slack only
    // after A's 25 s Retry-After.
    await seed('inc-a', A, ['OPENED']);
    const real = poster();
    const releaseA = signal();
    const aEntered = signal();
    const rateLimitedA = forwardingPort(real, {
      postRoot: async (c, m, k) => {
        if (c === A) {
          aEntered.fire();
          await releaseA.promise; // what a Retry-After wait looks like from the outside
        }
        return real.postRoot(c, m, k);
      },
    });
    const s = sender({ slack: rateLimitedA });

    const first = s.flush();
    await aEntered.promise;
    await seed('inc-b', B, ['OPENED'], 100);
    expect(await s.flush()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    expect(slack.roots(B)).toHaveLength(1);
    expect(slack.roots(A)).toEqual([]);

    releaseA.fire();
    expect(await first).toMatchObject({ sent: 1 });
    expect(slack.roots(A)).toHaveLength(1);
  });

  it('does not count time paused by token trouble towards giving up', async () => {
    // Before, the age counted from queueing: after two hours of a revoked token, the first 5xx once the
    // token worked failed the alert at once ("gave up after 120 min").
    const [opened] = (await seed('inc-paused', A, ['OPENED'])) as [TimelineEntry];
    const s = sender({ maxAgeMs: 60 * 60_000 });
    slack.revoke(TOKEN);
    expect(await s.flush()).toMatchObject({ paused: 'invalid_auth', failed: 0 });
    nowMs += 120 * 60_000;
    slack.grant(TOKEN);
    slack.failNext(1, { error: 'internal_error' }, 'chat.postMessage');
    expect(await s.flush()).toMatchObject({ sent: 0, retried: 1, failed: 0 });
    expect(await t.store.outbox.get(A, OutboxRepo.seqOf(opened))).toMatchObject({ status: 'pending' });
    expect(await s.flush()).toMatchObject({ sent: 1, failed: 0 });
  });
});
