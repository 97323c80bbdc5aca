import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import type { TimelineEntry } from '../../lambda/domain/incident.js';
import type { OutboxSender, SlackPort } from '../../lambda/slack/outbox-sender.js';
import { SlackPace } from '../../lambda/slack/slack-pace.js';
import type { SlackPosterOptions } from '../../lambda/slack/slack-poster.js';
import { CalmWorld, CHANNEL } from '../support/calm-harness.js';
import { forwardingPort, recordingLog } from '../support/slack-fixtures.js';

// The failure rules of 6043175 (Calm #11, second review). Before it, any retryable failure stopped the
// channel's pass, a pacer refusal was recorded as a failure (failingSince, attempts + 1, a warning), and
// the flush's end decided once, before its first root edit, which channels' edits wait.

/** One SlackPort call as the sender made it, in order, with whether Slack (or the poster) took it. */
interface Call {
  method: 'postRoot' | 'postReply' | 'updateRoot';
  incident: string;
  /** The entry id (`root` for a root or its edit). */
  entry: string;
  ok: boolean;
}

describe('Calm delivery: which failures stop a channel’s pass, and what waits at a flush’s end', () => {
  const world = new CalmWorld({ channels: [CHANNEL] });
  let calls: Call[];
  /** Root ts → incident, to name the incident a root edit is for. */
  let rootOf: Map<string, string>;
  let log: ReturnType<typeof recordingLog>;

  beforeEach(async () => {
    await world.start();
    calls = [];
    rootOf = new Map();
    log = recordingLog();
  });
  afterEach(() => world.stop());

  /**
   * The sender with reply groups and paced root edits (CALM_DEFAULTS) against the emulator; every call is
   * recorded in `calls` once it ends. `poster`: the SlackPoster's options; `around` wraps the port.
   */
  function sender(
    options: { poster?: SlackPosterOptions; around?: (port: SlackPort) => SlackPort } = {},
  ): OutboxSender {
    const poster = world.poster({ now: () => world.now, ...options.poster });
    const recorded = async <T>(call: Omit<Call, 'ok'>, run: () => Promise<T>): Promise<T> => {
      try {
        const result = await run();
        calls.push({ ...call, ok: true });
        return result;
      } catch (error) {
        calls.push({ ...call, ok: false });
        throw error;
      }
    };
    const port = forwardingPort(poster, {
      postRoot: async (channel, message, key) => {
        const posted = await recorded({ method: 'postRoot', incident: key.incident, entry: 'root' }, () =>
          poster.postRoot(channel, message, key),
        );
        rootOf.set(posted.ts, key.incident);
        return posted;
      },
      postReply: (channel, threadTs, message, key) =>
        recorded({ method: 'postReply', ...key }, () => poster.postReply(channel, threadTs, message, key)),
      updateRoot: (ref, message) =>
        recorded({ method: 'updateRoot', incident: rootOf.get(ref.ts) ?? '?', entry: 'root' }, () =>
          poster.updateRoot(ref, message),
        ),
    });
    return world.sender(options.around ? options.around(port) : port, { log });
  }

  /** Opens the incidents and posts their roots (unpaced, no faults), a second before the test goes on. */
  async function opened(ids: readonly string[]): Promise<void> {
    await world.openIncidents(ids);
    await sender().flush();
    world.now += 1_000;
    calls = [];
  }

  /** The stored outbox item of `entry`, pending or not. */
  async function stored(entry: TimelineEntry) {
    const pending = await world.store.outbox.listPending(100, CHANNEL);
    return pending.find((item) => item.entry.entryId === entry.entryId);
  }

  const replies = () => calls.filter((c) => c.method === 'postReply');
  const posted = () =>
    replies()
      .filter((c) => c.ok)
      .map((c) => c.incident);
  const owed = async () =>
    (await world.store.threads.dueRootEdits(new Date(world.now))).map((s) => s.incidentId).sort();

  it('stops the pass after two incidents fail retryably in a row; after one alone, the others go on', async () => {
    // Prepare: three incidents' EMPTYs, oldest first; Slack answers the first two posts service_unavailable.
    await opened(['inc-a', 'inc-b', 'inc-c']);
    for (const id of ['inc-a', 'inc-b', 'inc-c']) await world.queue(id, 'EMPTY');
    world.slack.failNext(2, { error: 'service_unavailable' }, 'chat.postMessage');

    // Act
    const two = await sender().flush();

    // Assess: two failures in a row say Slack is in trouble: inc-c's EMPTY is not sent into it (the old
    // rule stopped already at inc-a: inc-b was not tried).
    expect(replies().map((c) => [c.incident, c.ok])).toEqual([
      ['inc-a', false],
      ['inc-b', false],
    ]);
    expect(two).toMatchObject({ sent: 0, retried: 2, failed: 0, deferred: 1 });
    expect((await world.store.outbox.pendingStateChanges(CHANNEL, 10)).length).toBe(3);

    // Prepare: a minute later Slack refuses only the next post (inc-a's again).
    world.now += 60_000;
    calls = [];
    world.slack.failNext(1, { error: 'service_unavailable' }, 'chat.postMessage');

    // Act
    const one = await sender().flush();

    // Assess: one failure holds only its own thread; inc-b's and inc-c's EMPTYs go in the same flush
    // (the old rule stopped the channel at inc-a: `posted()` was []).
    expect(replies().map((c) => [c.incident, c.ok])).toEqual([
      ['inc-a', false],
      ['inc-b', true],
      ['inc-c', true],
    ]);
    expect(posted()).toEqual(['inc-b', 'inc-c']);
    expect(one).toMatchObject({ sent: 2, retried: 1, failed: 0, deferred: 0 });
  });

  it('stops the pass at once on a 429: the next incident’s item is not attempted', async () => {
    // Prepare: two incidents' EMPTYs; Slack answers the first post 429 (Retry-After 30 s), which the
    // poster does not wait out (no waits allowed).
    await opened(['inc-a', 'inc-b']);
    await world.queue('inc-a', 'EMPTY');
    const empty = await world.queue('inc-b', 'EMPTY');
    world.slack.failNext(1, { error: 'ratelimited', retryAfter: 30 }, 'chat.postMessage');

    // Act
    const result = await sender({ poster: { maxRateLimitWaits: 0 } }).flush();

    // Assess: only inc-a's post was tried (were a 429 one thread's failure, inc-b's would follow).
    expect(replies().map((c) => [c.incident, c.ok])).toEqual([['inc-a', false]]);
    expect(result).toMatchObject({ sent: 0, retried: 1, deferred: 1 });
    expect(await stored(empty)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await stored(empty))?.uncertainSince).toBeUndefined();
  });

  it('takes a pacer refusal as deferred, not failing: attempts unchanged, no failingSince, no warning', async () => {
    // Prepare: two incidents' EMPTYs; the channel's pacer allows one call a second and the run's
    // deadline is half a second away, so the second post has no turn before it.
    await opened(['inc-a', 'inc-b']);
    await world.queue('inc-a', 'EMPTY');
    const refused = await world.queue('inc-b', 'EMPTY');
    const pace = new SlackPace({ now: () => world.now });
    const deadline = world.now + 500;
    const paced = () => sender({ poster: { pace, deadline: () => deadline } });

    // Act
    const result = await paced().flush();

    // Assess: inc-a's EMPTY went; inc-b's waits as it was (the old rule: attempts 1, failingSince set,
    // a "will be retried" warning and `retried: 1`).
    expect(replies().map((c) => [c.incident, c.ok])).toEqual([
      ['inc-a', true],
      ['inc-b', false],
    ]);
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 1 });
    const item = await stored(refused);
    expect(item).toMatchObject({ status: 'pending', attempts: 0 });
    expect(item?.failingSince).toBeUndefined();
    expect(item?.uncertainSince).toBeUndefined();
    expect(log.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);

    // Act: the next run, with time for it.
    world.now += 2_000;
    calls = [];
    await sender({ poster: { pace } }).flush();

    // Assess
    expect(posted()).toEqual(['inc-b']);
    expect(await stored(refused)).toBeUndefined();
  });

  it('holds only their own incidents while earlier attempts’ outcomes are awaited: another incident’s EMPTY goes', async () => {
    // Prepare: EMPTYs of inc-a and inc-b whose earlier attempts (5 s ago) may still post, then inc-c's
    // EMPTY and a second state change of inc-a.
    await opened(['inc-a', 'inc-b', 'inc-c']);
    const doubted = [await world.queue('inc-a', 'EMPTY'), await world.queue('inc-b', 'EMPTY')];
    await world.queue('inc-c', 'EMPTY');
    const behind = await world.queue('inc-a', 'RESOLVED');
    const attemptAt = new Date(world.now - 5_000).toISOString();
    for (const entry of doubted) {
      const item = await stored(entry);
      if (!item) throw new Error(`no outbox item for ${entry.entryId}`);
      await world.store.outbox.markAttempt(item, attemptAt);
    }

    // Act
    const result = await sender().flush();

    // Assess: nothing posted for inc-a or inc-b (their lookups found nothing, within the 30 s grace);
    // inc-c's EMPTY went in the same flush — two awaited answers in a row are not Slack's trouble (the
    // old rule stopped at inc-a) — and inc-a's RESOLVED waits behind its own EMPTY, not tried.
    expect(posted()).toEqual(['inc-c']);
    expect(replies().map((c) => c.incident)).toEqual(['inc-c']);
    expect(result).toMatchObject({ sent: 1, retried: 2, failed: 0, deferred: 1 });
    expect(await stored(behind)).toMatchObject({ status: 'pending', attempts: 0 });
    for (const entry of doubted)
      expect(await stored(entry)).toMatchObject({
        attempts: 1,
        lastError: expect.stringMatching(/^awaiting_late_answer/),
        uncertainSince: attemptAt,
      });
  });

  it('keeps a channel’s remaining owed root edits when a state change arrives during the first of them', async () => {
    // Prepare: three EMPTYs posted a second after their roots, so each root's edit is owed; then due.
    const ids = ['inc-a', 'inc-b', 'inc-c'];
    await opened([...ids, 'inc-late']);
    for (const id of ids) await world.queue(id, 'EMPTY');
    await sender().flush();
    expect(await owed()).toEqual([]);
    world.now += CALM_DEFAULTS.rootEditMs;
    expect(await owed()).toEqual(ids);
    // Once the first root edit is answered, another incident's EMPTY arrives (a probe round, meanwhile).
    let late: TimelineEntry | undefined;
    const s = sender({
      around: (port) =>
        forwardingPort(port, {
          updateRoot: async (ref, message) => {
            const edited = await port.updateRoot(ref, message);
            late ??= await world.queue('inc-late', 'EMPTY');
            return edited;
          },
        }),
    });
    calls = [];

    // Act
    await s.flush();

    // Assess: one edit made; the other two wait for the new state change (the old rule decided once,
    // before the first edit, and made all three: `owed()` was []).
    const edits = calls.filter((c) => c.method === 'updateRoot');
    expect(edits).toHaveLength(1);
    const first = edits[0]?.incident ?? '';
    expect(await owed()).toEqual(ids.filter((id) => id !== first));
    expect(replies()).toEqual([]);
    expect((await world.store.outbox.pendingStateChanges(CHANNEL, 10)).map((i) => i.entry.entryId)).toEqual([
      late?.entryId,
    ]);

    // Act: the next flush.
    calls = [];
    await s.flush();

    // Assess: the state change first, then the roots still owed; nothing is owed any more.
    expect(calls[0]).toMatchObject({
      method: 'postReply',
      incident: 'inc-late',
      entry: late?.entryId,
      ok: true,
    });
    expect(
      calls
        .filter((c) => c.method === 'updateRoot')
        .map((c) => c.incident)
        .filter((id) => id !== 'inc-late')
        .sort(),
    ).toEqual(ids.filter((id) => id !== first));
    expect(await owed()).toEqual([]);
  });
});
