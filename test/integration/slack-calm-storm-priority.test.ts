import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import type { TimelineEntry } from '../../lambda/domain/incident.js';
import type { OutboxSender, SlackPort } from '../../lambda/slack/outbox-sender.js';
import { CalmWorld, CHANNEL, make } from '../support/calm-harness.js';
import { forwardingPort, signal } from '../support/slack-fixtures.js';

const QUIET = 'C0QUIET';

/** One SlackPort call as the sender made it, in order. */
interface Call {
  method: 'postRoot' | 'postReply' | 'updateRoot';
  channel: string;
  incident: string;
  /** The entry id (`root` for a root, the group's id for a group reply). */
  entry: string;
  text: string;
}

describe('Calm delivery in a storm: state changes are not kept waiting by routine backlog', () => {
  const world = new CalmWorld({ channels: [CHANNEL, QUIET] });
  let calls: Call[];
  /** Root ts → incident, to name the incident a root edit is for. */
  let rootOf: Map<string, string>;

  beforeEach(async () => {
    await world.start();
    calls = [];
    rootOf = new Map();
  });
  afterEach(() => world.stop());

  /**
   * The sender with reply groups and paced root edits (CALM_DEFAULTS) against the emulator; every call is
   * recorded in `calls`, and the clock moves `tickMs` per call. `around` wraps the port (a test's hook).
   */
  function sender(
    options: { around?: (port: SlackPort) => SlackPort; batchSize?: number; tickMs?: number } = {},
  ): OutboxSender {
    const poster = world.poster();
    const record = (call: Call) => {
      calls.push(call);
      world.now += options.tickMs ?? 0;
    };
    const recorded = forwardingPort(poster, {
      postRoot: async (channel, message, key, threadTs) => {
        const posted = await poster.postRoot(channel, message, key, threadTs);
        rootOf.set(posted.ts, key.incident);
        record({ method: 'postRoot', channel, ...key, text: message.text });
        return posted;
      },
      postReply: async (channel, threadTs, message, key) => {
        const posted = await poster.postReply(channel, threadTs, message, key);
        record({ method: 'postReply', channel, ...key, text: message.text });
        return posted;
      },
      updateRoot: async (ref, message) => {
        const edited = await poster.updateRoot(ref, message);
        const incident = rootOf.get(ref.ts) ?? 'a group reply';
        record({ method: 'updateRoot', channel: ref.channel, incident, entry: 'root', text: message.text });
        return edited;
      },
    });
    return world.sender(
      options.around ? options.around(recorded) : recorded,
      options.batchSize ? { batchSize: options.batchSize } : {},
    );
  }

  /** Opens the incidents and posts their roots. */
  async function opened(ids: readonly string[], channel = CHANNEL): Promise<void> {
    await world.openIncidents(ids, channel);
    await sender().flush();
  }

  /** `count` record changes of each incident, incident by incident. */
  async function backlog(ids: readonly string[], count: number): Promise<void> {
    for (const id of ids) for (let i = 0; i < count; i++) await world.queue(id, 'RECORD_CHANGED');
  }

  const posts = (from = 0) => calls.slice(from).filter((c) => c.method !== 'updateRoot');
  const edits = (from = 0) => calls.slice(from).filter((c) => c.method === 'updateRoot');
  const bulk = (count: number, prefix = 'inc-bulk') =>
    Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const owed = async () =>
    (await world.store.threads.dueRootEdits(new Date(world.now))).map((s) => ({
      incident: s.incidentId,
      queue: s.queue,
    }));

  /** A sender that, once the first reply posted to a channel `when` accepts is answered, enqueues `then()`. */
  const enqueuingAfterFirstReply = (when: (channel: string) => boolean, then: () => Promise<unknown>) => {
    let done = false;
    return sender({
      around: (port) =>
        forwardingPort(port, {
          postReply: async (channel, threadTs, message, key) => {
            const posted = await port.postReply(channel, threadTs, message, key);
            if (when(channel) && !done) {
              done = true;
              await then();
            }
            return posted;
          },
        }),
    });
  };

  it('posts a state change first in the next flush though more than 100 older routine items wait', async () => {
    // Prepare: three incidents with 40 record changes each (120, older), then another incident's EMPTY.
    await opened([...bulk(3), 'inc-empty']);
    await backlog(bulk(3), 40);
    const empty = await world.queue('inc-empty', 'EMPTY');
    const from = calls.length;

    // Act
    await sender().flush();

    // Assess: the EMPTY is the channel's first call (by age alone it was not even among the first 100).
    expect(posts(from)[0]).toMatchObject({
      method: 'postReply',
      incident: 'inc-empty',
      entry: empty.entryId,
    });
    expect(
      posts(from)
        .slice(1)
        .every((c) => c.incident.startsWith('inc-bulk-')),
    ).toBe(true);
  });

  it('posts a new incident’s root first in the next flush though more than 100 older routine items wait', async () => {
    // Prepare
    await opened(bulk(3));
    await backlog(bulk(3), 40);
    await world.openIncidents(['inc-new']);
    const from = calls.length;

    // Act
    await sender().flush();

    // Assess
    expect(posts(from)[0]).toMatchObject({ method: 'postRoot', incident: 'inc-new', entry: 'root' });
  });

  it('posts a state change that arrives while routine group replies go out before the rest of them', async () => {
    // Prepare: three incidents' record changes wait; the moment the first group reply is answered,
    // another incident's EMPTY is enqueued (as a probe round would, mid-flush).
    await opened([...bulk(3), 'inc-late']);
    await backlog(bulk(3), 3);
    let empty: TimelineEntry | undefined;
    const s = enqueuingAfterFirstReply(
      () => true,
      async () => {
        empty = await world.queue('inc-late', 'EMPTY');
      },
    );
    const from = calls.length;

    // Act
    await s.flush();

    // Assess: the EMPTY goes second, before the two group replies still to send; all of them are sent.
    expect(posts(from).map((c) => c.incident)).toEqual([
      'inc-bulk-0',
      'inc-late',
      'inc-bulk-1',
      'inc-bulk-2',
    ]);
    expect(posts(from)[1]).toMatchObject({ method: 'postReply', entry: empty?.entryId });
    expect(posts(from)[1]?.text).toMatch(/EMPTY/);
    expect(await world.store.outbox.listPending(100, CHANNEL)).toEqual([]);
  });

  it('keeps the root edits of a channel whose state changes still wait owed when the flush runs out of time', async () => {
    // Prepare: three roots posted long enough ago that an edit could be made at once; then an EMPTY of
    // each, delivered two per listing, one second per Slack call, with two seconds left.
    const ids = ['inc-x-1', 'inc-x-2', 'inc-x-3'];
    await opened(ids);
    world.now += 2 * CALM_DEFAULTS.rootEditMs;
    const empties = [];
    for (const id of ids) empties.push(await world.queue(id, 'EMPTY'));
    const s = sender({ batchSize: 2, tickMs: 1_000 });
    const from = calls.length;

    // Act
    await s.flush({ until: world.now + 2_000 });

    // Assess: two EMPTYs went out, the third still waits, so neither root was edited: both edits are owed.
    expect(posts(from).map((c) => c.entry)).toEqual([empties[0]?.entryId, empties[1]?.entryId]);
    expect(edits(from)).toEqual([]);
    expect((await world.store.outbox.pendingStateChanges(CHANNEL, 10)).map((i) => i.incidentId)).toEqual([
      'inc-x-3',
    ]);
    expect(await owed()).toEqual(
      expect.arrayContaining([
        { incident: 'inc-x-1', queue: CHANNEL },
        { incident: 'inc-x-2', queue: CHANNEL },
      ]),
    );

    // Act: the next flush has time.
    const next = calls.length;
    await s.flush();

    // Assess: the last EMPTY first, then the three roots show their state; nothing is owed any more.
    expect(calls[next]).toMatchObject({
      method: 'postReply',
      incident: 'inc-x-3',
      entry: empties[2]?.entryId,
    });
    expect(
      edits(next)
        .map((c) => c.incident)
        .sort(),
    ).toEqual(ids);
    expect(await owed()).toEqual([]);
  });

  it('makes a quiet channel’s owed root edit at a flush’s end, but not those of a channel another flush is delivering', async () => {
    // Prepare: an EMPTY soon after its root in each channel, so each root's edit is owed; then they are due.
    await opened(['inc-x-1', 'inc-x-2']);
    await opened(['inc-y-1'], QUIET);
    world.now += 1_000;
    await world.queue('inc-x-1', 'EMPTY');
    await world.queue('inc-y-1', 'EMPTY', QUIET);
    const gate = signal();
    const reached = signal();
    let armed = false;
    const s = sender({
      around: (port) =>
        forwardingPort(port, {
          postReply: async (channel, threadTs, message, key) => {
            if (armed && channel === CHANNEL) {
              armed = false;
              reached.fire();
              await gate.promise;
            }
            return port.postReply(channel, threadTs, message, key);
          },
        }),
    });
    await s.flush();
    expect(edits()).toEqual([]);
    world.now += CALM_DEFAULTS.rootEditMs;
    await world.queue('inc-x-2', 'EMPTY');
    armed = true;

    // Act: one flush is held up delivering the storm channel's EMPTY; another flush runs meanwhile.
    const first = s.flush();
    await reached.promise;
    const from = calls.length;
    await s.flush();

    // Assess: only the quiet channel's root was edited; the storm channel's edit is still owed.
    expect(edits(from).map((c) => c.incident)).toEqual(['inc-y-1']);
    expect(await owed()).toEqual([{ incident: 'inc-x-1', queue: CHANNEL }]);

    // Act: the first flush goes on.
    gate.fire();
    await first;

    // Assess: its EMPTY went out, then the storm channel's roots were edited.
    expect(posts(from).map((c) => c.incident)).toEqual(['inc-x-2']);
    expect(
      edits(from)
        .map((c) => c.incident)
        .sort(),
    ).toEqual(['inc-x-1', 'inc-x-2', 'inc-y-1']);
    expect(await owed()).toEqual([]);
  });

  it('keeps an incident’s earlier routine items above its state change while 100+ other routine items wait', async () => {
    // Prepare: 120 record changes of three incidents whose routine items sort first, then 3 of another
    // incident and its EMPTY.
    const others = bulk(3, 'inc-a-bulk');
    await opened([...others, 'inc-z-late']);
    await backlog(others, 40);
    await backlog(['inc-z-late'], 3);
    const empty = await world.queue('inc-z-late', 'EMPTY');

    // Act
    await sender().flush();

    // Assess: in one flush, the incident's thread reads as its timeline: its 3 record changes, then the EMPTY.
    const root = world.slack.roots(CHANNEL).find((m) => rootOf.get(m.ts) === 'inc-z-late');
    const thread = world.slack.replies(CHANNEL, root?.ts ?? '').sort((a, b) => Number(a.ts) - Number(b.ts));
    expect(thread.map((m) => m.text ?? '')).toEqual([
      expect.stringMatching(/3 record changes/),
      expect.stringMatching(/EMPTY/),
    ]);
    expect(thread[1]?.metadata?.event_payload.entry).toBe(empty.entryId);
  });

  it('posts a state change that arrives mid-batch but comes first by its source’s time before the batch’s later state changes', async () => {
    // Prepare: three EMPTYs stamped later by their source (as AWS stamps Health versions minutes ahead);
    // while the first goes out, an EMPTY stamped earlier arrives (a DNS probe's, stamped now).
    await opened(['inc-a', 'inc-b', 'inc-c', 'inc-early']);
    world.n += 100;
    for (const id of ['inc-a', 'inc-b', 'inc-c']) await world.queue(id, 'EMPTY');
    const early = make('inc-early', 50, 'EMPTY');
    const s = enqueuingAfterFirstReply(
      () => true,
      async () => {
        await world.store.incidents.appendTimeline(early);
        await world.store.outbox.enqueue(CHANNEL, early, new Date(world.now).toISOString());
      },
    );
    const from = calls.length;

    // Act
    await s.flush();

    // Assess: it goes next, not after the rest of the batch (before: a, b, c, then it).
    expect(posts(from).map((c) => c.incident)).toEqual(['inc-a', 'inc-early', 'inc-b', 'inc-c']);
  });

  it('posts a state change behind its own incident’s few routine items before other incidents’ routine backlog', async () => {
    // Prepare: 11 incidents with 9 record changes each (99, older, sorting first), then 2 record changes
    // of another incident and its EMPTY.
    const others = bulk(11, 'inc-a-bulk');
    await opened([...others, 'inc-z-late']);
    await backlog(others, 9);
    await backlog(['inc-z-late'], 2);
    await world.queue('inc-a-bulk-0', 'RECORD_CHANGED');
    const empty = await world.queue('inc-z-late', 'EMPTY');
    const from = calls.length;

    // Act
    await sender().flush();

    // Assess: the EMPTY waits only for its own thread's group reply, not for 11 other incidents' groups
    // (11 s in a paced channel).
    expect(posts(from).slice(0, 2)).toMatchObject([
      { incident: 'inc-z-late', text: expect.stringMatching(/2 record changes/) },
      { incident: 'inc-z-late', entry: empty.entryId },
    ]);
  });

  it('holds the owed root edits of a channel whose state change arrived during the flush, though nothing waited there at its start', async () => {
    // Prepare: an owed, due root edit in the storm channel, whose outbox is then empty.
    await opened(['inc-x-1', 'inc-x-2']);
    await opened(['inc-y-1'], QUIET);
    world.now += 1_000;
    await world.queue('inc-x-1', 'EMPTY');
    await sender().flush();
    world.now += CALM_DEFAULTS.rootEditMs;
    expect(await owed()).toEqual([{ incident: 'inc-x-1', queue: CHANNEL }]);
    // While the quiet channel's reply goes out, an EMPTY arrives in the storm channel.
    await world.queue('inc-y-1', 'EMPTY', QUIET);
    const s = enqueuingAfterFirstReply(
      (channel) => channel === QUIET,
      () => world.queue('inc-x-2', 'EMPTY'),
    );
    const from = calls.length;

    // Act
    await s.flush();

    // Assess: the storm channel's EMPTY was not tried by this flush and waits: its root edit stays owed.
    expect(await world.store.outbox.pendingStateChanges(CHANNEL, 10)).toHaveLength(1);
    expect(edits(from).filter((c) => c.channel === CHANNEL)).toEqual([]);
  });
});
