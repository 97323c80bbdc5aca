import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSlack, type SlackFault } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Incident, TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { SlackDeliveryError } from '../../lambda/slack/errors.js';
import { OutboxSender, type SlackPort } from '../../lambda/slack/outbox-sender.js';
import { LOOKUP_GRACE_MS } from '../../lambda/slack/post-lookup.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { OutboxRepo } from '../../lambda/store/outbox-repo.js';
import type { IncidentReader } from '../../lambda/store/ports.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { forwardingPort, recordingLog, signal, timelineEntryMaker } from '../support/slack-fixtures.js';

/**
 * Posts whose outcome is unknown (Slack performed them, the answer was lost or never read) are looked up
 * by their metadata and adopted, never sent a second time.
 */

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
/**
 * FakeSlack stamps messages with the real posting time, as Slack does; the injected clock stands at the
 * moment the file starts (ten minutes after T0), so a lookup's `oldest` bound (attempt time minus the
 * skew allowance) covers every message the test posts.
 */
const T0 = Date.now() - 10 * 60_000;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
/** Holds the answer far longer than any client waits; FakeSlack lets go once the client hangs up. */
const LATE: SlackFault = { performThenDelayMs: 60_000 };
const runbooks = loadRunbooks({ env: {} });

const entry = timelineEntryMaker({ at });

const never = <T>() => new Promise<T>(() => {});

describe('Slack posts of unknown outcome are looked up, never re-sent blind (FakeSlack + dynalite)', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let logger: ReturnType<typeof recordingLog>;
  let nowMs = T0 + 10 * 60_000;
  const clock = () => new Date(nowMs);

  beforeEach(async () => {
    nowMs = T0 + 10 * 60_000;
    t = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start();
    logger = recordingLog();
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  /** `timeoutMs` 300 only for a flush whose one Slack call is the faulted one: the rest never races it. */
  function poster(timeoutMs?: number): SlackPoster {
    return new SlackPoster(
      createSlackClient(TOKEN, {
        slackApiUrl: slack.url,
        logLevel: LogLevel.ERROR,
        ...(timeoutMs ? { timeoutMs } : {}),
      }),
    );
  }

  function sender(
    slackPort: SlackPort = poster(),
    incidents: IncidentReader = t.store.incidents,
  ): OutboxSender {
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents,
      slack: slackPort,
      runbooks,
      now: clock,
      log: logger,
    });
  }

  async function seed(id: string, kinds: TimelineKind[]): Promise<TimelineEntry[]> {
    const incident: Incident = incidentFixture({
      id,
      channel: CHANNEL,
      openedAt: at(0),
      updatedAt: at(0),
      facts: { baseline: 8 },
    });
    await t.store.incidents.create(incident);
    const entries = kinds.map((kind, i) => entry(id, i, kind));
    for (const e of entries) await queue(e);
    return entries;
  }

  async function queue(e: TimelineEntry): Promise<void> {
    await t.store.incidents.appendTimeline(e);
    await t.store.outbox.enqueue(CHANNEL, e, clock().toISOString());
  }

  const item = (e: TimelineEntry) => t.store.outbox.get(CHANNEL, OutboxRepo.seqOf(e));
  const posted = (incident: string, entryId: string) =>
    slack.messages.filter(
      (m) => m.metadata?.event_payload.incident === incident && m.metadata.event_payload.entry === entryId,
    );

  /** Every message Lookout posted names its incident and entry in Slack message metadata. */
  function expectEveryPostTagged(): void {
    for (const m of slack.messages)
      expect(m.metadata).toEqual({
        event_type: 'lookout_entry',
        event_payload: { entry: expect.any(String), incident: expect.any(String) },
      });
  }

  it('adopts a root that Slack posted but answered after the client timed out: one root, its ts recorded', async () => {
    // Before fb984a8 the WebClient retried the timed-out chat.postMessage itself (retries: 3), and the
    // outbox re-posted blind on the next flush: the channel got the root two or more times.
    const [opened] = (await seed('inc-slow-root', ['OPENED'])) as [TimelineEntry];
    slack.failNext(1, LATE, 'chat.postMessage');

    expect(await sender(poster(300)).flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    // The library did not try again on its own: one request, and it was performed.
    await vi.waitFor(() => expect(slack.count('chat.postMessage')).toBe(1), { timeout: 10_000 });
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(await item(opened)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'timeout',
      uncertainSince: clock().toISOString(),
    });

    expect(await sender().flush()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });

    const roots = slack.roots(CHANNEL);
    expect(roots).toHaveLength(1);
    const [root] = roots;
    expect(slack.count('chat.postMessage')).toBe(1);
    expect(slack.count('conversations.history')).toBeGreaterThanOrEqual(1);
    expect(root?.metadata).toEqual({
      event_type: 'lookout_entry',
      event_payload: { entry: 'root', incident: 'inc-slow-root' },
    });
    expect((await t.store.incidents.get('inc-slow-root'))?.slack).toEqual({ channel: CHANNEL, ts: root?.ts });
    const sent = await item(opened);
    expect(sent).toMatchObject({ status: 'sent', ts: root?.ts });
    expect(sent?.uncertainSince).toBeUndefined();
  });

  it('adopts a thread reply that Slack posted but answered late, found with conversations.replies', async () => {
    // Before fb984a8 the late reply was posted again (by the library's retry, then by the outbox).
    await seed('inc-slow-reply', ['OPENED']);
    expect(await sender().flush()).toMatchObject({ sent: 1 });
    const [root] = slack.roots(CHANNEL);
    const note = entry('inc-slow-reply', 1, 'NOTE');
    await queue(note);
    slack.failNext(1, LATE, 'chat.postMessage');

    expect(await sender(poster(300)).flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    await vi.waitFor(() => expect(slack.count('chat.postMessage')).toBe(2), { timeout: 10_000 });
    expect(await item(note)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timeout' });
    expect((await item(note))?.uncertainSince).toBe(clock().toISOString());

    expect(await sender().flush()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });

    const replies = slack.replies(CHANNEL, root?.ts as string);
    expect(replies).toHaveLength(1);
    expect(slack.count('chat.postMessage')).toBe(2);
    expect(slack.count('conversations.replies')).toBeGreaterThanOrEqual(1);
    expect(await item(note)).toMatchObject({ status: 'sent', ts: replies[0]?.ts });
    expect(replies[0]?.metadata).toEqual({
      event_type: 'lookout_entry',
      event_payload: { entry: 'e01', incident: 'inc-slow-reply' },
    });
    expect(logger.lines.map((l) => l.message)).toContain(
      'found the message of an earlier attempt in Slack; not posting it again',
    );
    expectEveryPostTagged();
  });

  it('marks a reply sent before it edits the root: a hung chat.update, then a restart, posts nothing again', async () => {
    // Before fb984a8 the root edit ran before the reply was marked sent: a chat.update that never
    // answered (or a crash there) left the reply pending, and the next run posted it a second time.
    const [, note] = (await seed('inc-hung-update', ['OPENED', 'NOTE'])) as [TimelineEntry, TimelineEntry];
    const updating = signal();
    const hung = sender(
      forwardingPort(poster(), {
        updateRoot: () => {
          updating.fire();
          return never();
        },
      }),
    );
    void hung.flush();
    await updating.promise;

    const [root] = slack.roots(CHANNEL);
    const [reply] = slack.replies(CHANNEL, root?.ts as string);
    expect(await item(note)).toMatchObject({ status: 'sent', ts: reply?.ts });

    // The first run is abandoned mid-edit; a fresh one starts.
    expect(await sender().flush()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(slack.messages).toHaveLength(2);
    expect(slack.count('chat.postMessage')).toBe(2);
    expectEveryPostTagged();
  });

  it.each([
    [
      'a proxy’s HTML page',
      { body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>' },
      'non_slack_response (page "502 Bad Gateway")',
    ],
    ['an empty body', { body: '' }, 'non_slack_response (empty body)'],
    [
      'JSON that is not Slack’s',
      { body: '{}', contentType: 'application/json' },
      'non_slack_response (no error code)',
    ],
  ] satisfies [string, SlackFault, string][])(
    'keeps an item pending when the answer is %s, and posts it exactly once next time',
    async (_what, fault, reason) => {
      // Before fb984a8 such an answer was an unknown platform error, i.e. permanent: the alert was failed
      // and never reached Slack.
      const [opened] = (await seed('inc-proxy', ['OPENED'])) as [TimelineEntry];
      slack.failNext(1, fault, 'chat.postMessage');

      expect(await sender().flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
      const pending = await item(opened);
      expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
      expect(pending?.lastError).toMatch(/^non_slack_response/);
      expect(pending?.lastError).toBe(reason);
      expect(await t.store.outbox.listFailed()).toEqual([]);
      expect(slack.messages).toHaveLength(0);

      // Slack may still perform a request it answered oddly: while the grace period runs, a lookup that
      // finds nothing posts nothing.
      expect(await sender().flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
      expect((await item(opened))?.lastError).toMatch(/^awaiting_late_answer/);
      expect(slack.messages).toHaveLength(0);

      nowMs += LOOKUP_GRACE_MS;
      expect(await sender().flush()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
      expect(posted('inc-proxy', 'root')).toHaveLength(1);
      expect(slack.roots(CHANNEL)).toHaveLength(1);
      expect(await item(opened)).toMatchObject({ status: 'sent', ts: slack.roots(CHANNEL)[0]?.ts });
    },
  );

  it('adopts the root by its metadata when recording its ts failed after the post', async () => {
    // Before fb984a8 a failed attachSlackRef after a successful post left the item pending with no
    // trace of the post, and the next flush posted a second root.
    const [opened, note] = (await seed('inc-attach', ['OPENED', 'NOTE'])) as [TimelineEntry, TimelineEntry];
    let failures = 1;
    const flaky: IncidentReader = {
      get: (id) => t.store.incidents.get(id),
      listTimeline: (id) => t.store.incidents.listTimeline(id),
      attachSlackRef: async (id, ref) => {
        if (failures-- > 0) throw new Error('store unreachable while recording the root');
        return t.store.incidents.attachSlackRef(id, ref);
      },
    };

    expect(await sender(poster(), flaky).flush()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 1 });
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect((await t.store.incidents.get('inc-attach'))?.slack).toBeUndefined();
    expect(await item(opened)).toMatchObject({ status: 'pending', uncertainSince: clock().toISOString() });

    expect(await sender(poster(), flaky).flush()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 0 });

    const roots = slack.roots(CHANNEL);
    expect(roots).toHaveLength(1);
    expect((await t.store.incidents.get('inc-attach'))?.slack).toEqual({
      channel: CHANNEL,
      ts: roots[0]?.ts,
    });
    expect(await item(opened)).toMatchObject({ status: 'sent', ts: roots[0]?.ts });
    expect(slack.replies(CHANNEL, roots[0]?.ts as string)).toHaveLength(1);
    expect(await item(note)).toMatchObject({ status: 'sent' });
    expect(slack.count('chat.postMessage')).toBe(2);
  });

  it('a sender killed mid-post leaves its attempt written ahead; the next sender adopts the root', async () => {
    // Before fb984a8 nothing was written before the post: a run that died after Slack performed it left
    // a plain pending item, and the next run posted the root (and the thread under it) again.
    const [opened] = (await seed('inc-killed', ['OPENED', 'NOTE'])) as [TimelineEntry, TimelineEntry];
    const real = poster();
    const performed = signal();
    const dying = forwardingPort(real, {
      postRoot: async (c, m, k) => {
        await real.postRoot(c, m, k);
        performed.fire();
        return never();
      },
    });
    void sender(dying).flush();
    await performed.promise;
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(await item(opened)).toMatchObject({ status: 'pending', uncertainSince: clock().toISOString() });

    // Run A is gone (kill -9); run B takes the outbox.
    expect(await sender().flush()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 0 });

    const roots = slack.roots(CHANNEL);
    expect(roots).toHaveLength(1);
    expect((await t.store.incidents.get('inc-killed'))?.slack?.ts).toBe(roots[0]?.ts);
    expect(await item(opened)).toMatchObject({ status: 'sent', ts: roots[0]?.ts });
    expect(slack.replies(CHANNEL, roots[0]?.ts as string)).toHaveLength(1);
    expect(slack.count('chat.postMessage')).toBe(2);
    expectEveryPostTagged();
  });

  it('waits out the grace period before posting again, so a post Slack performs after the timeout is adopted', async () => {
    // Before the grace period, the flush right after a timeout looked the post up, found nothing yet,
    // and posted; Slack then performed the first request too: the message showed twice.
    const [opened] = (await seed('inc-slow', ['OPENED'])) as [TimelineEntry];
    const real = poster();
    let performLate: (() => Promise<unknown>) | undefined;
    const slow = forwardingPort(real, {
      postRoot: async (c, m, k) => {
        if (performLate) return real.postRoot(c, m, k);
        performLate = () => real.postRoot(c, m, k);
        throw new SlackDeliveryError('retryable', 'timeout', { outcomeUnknown: true });
      },
    });

    expect(await sender(slow).flush()).toMatchObject({ sent: 0, retried: 1 });
    nowMs += 5_000;
    expect(await sender(slow).flush()).toMatchObject({ sent: 0, retried: 1 });
    expect((await item(opened))?.lastError).toMatch(/^awaiting_late_answer/);
    expect(slack.messages).toHaveLength(0);

    await performLate?.();
    nowMs += LOOKUP_GRACE_MS;
    expect(await sender(slow).flush()).toMatchObject({ sent: 1, retried: 0 });
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(await item(opened)).toMatchObject({ status: 'sent', ts: slack.roots(CHANNEL)[0]?.ts });
  });

  it('counts the grace period from the latest attempt that may have posted, not the first', async () => {
    // Before, the grace ran from the first uncertain attempt only: once it was over, a second timed-out
    // post was followed at once by a third, and Slack performed both.
    const [opened] = (await seed('inc-twice', ['OPENED'])) as [TimelineEntry];
    const real = poster();
    const calls: (() => Promise<unknown>)[] = [];
    const slow = forwardingPort(real, {
      postRoot: async (c, m, k) => {
        calls.push(() => real.postRoot(c, m, k));
        throw new SlackDeliveryError('retryable', 'timeout', { outcomeUnknown: true });
      },
    });

    expect(await sender(slow).flush()).toMatchObject({ retried: 1 }); // the first post: never performed
    nowMs += 40_000;
    expect(await sender(slow).flush()).toMatchObject({ retried: 1 }); // grace over: posts again, times out
    expect(calls).toHaveLength(2);
    nowMs += 5_000;
    expect(await sender(slow).flush()).toMatchObject({ sent: 0, retried: 1 });
    expect(calls).toHaveLength(2);
    expect((await item(opened))?.lastError).toMatch(/^awaiting_late_answer/);

    await calls[1]?.(); // Slack performs the second post late
    nowMs += LOOKUP_GRACE_MS;
    expect(await sender(slow).flush()).toMatchObject({ sent: 1 });
    expect(calls).toHaveLength(2);
    expect(slack.roots(CHANNEL)).toHaveLength(1);
  });

  it('keeps the item pending with what to do when Slack will not let Lookout read the channel back', async () => {
    // Before, a refused read-back (bot not in the channel, as with chat:write.public) failed the item
    // although its message was in Slack, and every later entry of the incident failed the same way.
    const [opened] = (await seed('inc-public', ['OPENED'])) as [TimelineEntry];
    slack.failNext(1, LATE, 'chat.postMessage');
    expect(await sender(poster(300)).flush()).toMatchObject({ sent: 0, retried: 1 });
    await vi.waitFor(() => expect(slack.roots(CHANNEL)).toHaveLength(1));

    slack.failNext(1, { error: 'not_in_channel' }, 'conversations.history');
    expect(await sender().flush()).toMatchObject({ sent: 0, retried: 1, failed: 0 });
    expect(await item(opened)).toMatchObject({ status: 'pending' });
    expect((await item(opened))?.lastError).toBe(
      'cannot check whether an earlier post reached Slack (not_in_channel): invite @Lookout to the channel',
    );

    expect(await sender().flush()).toMatchObject({ sent: 1 });
    expect(slack.roots(CHANNEL)).toHaveLength(1);
  });
});
