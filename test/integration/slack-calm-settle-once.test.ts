import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import { CalmWorld, CHANNEL } from '../support/calm-harness.js';
import { forwardingPort, signal } from '../support/slack-fixtures.js';

const OTHER = 'C0OTHER';

/** A sender whose root edits are recorded by incident; `hold()` makes the next edit wait for `release()`. */
function recordingSender(world: CalmWorld, options: { holdAfterLanding?: boolean } = {}) {
  const edited: string[] = [];
  const texts: string[] = [];
  const rootOf = new Map<string, string>();
  let gate = signal();
  let reached = signal();
  let armed = false;
  const poster = world.poster();
  const sender = world.sender(
    forwardingPort(poster, {
      postRoot: async (channel, message, key, threadTs) => {
        const posted = await poster.postRoot(channel, message, key, threadTs);
        rootOf.set(posted.ts, key.incident);
        return posted;
      },
      updateRoot: async (ref, message) => {
        const wait = armed;
        armed = false;
        if (wait && !options.holdAfterLanding) {
          reached.fire();
          await gate.promise;
        }
        const done = await poster.updateRoot(ref, message);
        edited.push(rootOf.get(ref.ts) ?? ref.ts);
        texts.push(message.text);
        if (wait && options.holdAfterLanding) {
          // Slack took the edit, but its answer is slow.
          reached.fire();
          await gate.promise;
        }
        return done;
      },
    }),
  );
  return {
    sender,
    edited,
    texts,
    /** The next root edit waits; resolves once it is waiting. */
    hold: () => {
      gate = signal();
      reached = signal();
      armed = true;
      return reached.promise;
    },
    release: () => gate.fire(),
  };
}

describe('Owed root edits are made once when flushes of one sender overlap', () => {
  const world = new CalmWorld({ channels: [CHANNEL, OTHER] });
  beforeEach(() => world.start());
  afterEach(() => world.stop());

  it('edits each owed root once though a second flush ends while the first is still making the edits', async () => {
    // Prepare: three roots, each with an EMPTY soon after it, so each root's edit is owed; then due.
    const ids = ['inc-a', 'inc-b', 'inc-c'];
    const { sender, edited, hold, release } = recordingSender(world);
    await world.openIncidents(ids);
    await sender.flush();
    world.now += 1_000;
    for (const id of ids) await world.queue(id, 'EMPTY');
    await sender.flush();
    expect(edited).toEqual([]);
    world.now += CALM_DEFAULTS.rootEditMs;

    // Act: the first flush is held up in its first owed edit; a second flush runs and ends meanwhile.
    const waiting = hold();
    const first = sender.flush();
    await waiting;
    await sender.flush();
    release();
    await first;

    // Assess: every root edited exactly once, nothing owed any more.
    expect([...edited].sort()).toEqual(ids);
    expect(await world.store.threads.dueRootEdits(new Date(world.now))).toEqual([]);
  });

  it('makes the owed root edits of a flush that ended during another’s settle, though it failed a state change there', async () => {
    // Prepare: an owed edit in each channel (a state change 1 s after its root), CHANNEL's due first.
    const { sender, edited, hold, release } = recordingSender(world);
    await world.openIncidents(['inc-x']);
    await sender.flush();
    world.now += 1_000;
    await world.queue('inc-x', 'EMPTY');
    await sender.flush();
    world.now += 2_000;
    await world.openIncidents(['inc-p', 'inc-q'], OTHER);
    await sender.flush();
    world.now += 1_000;
    await world.queue('inc-p', 'EMPTY', OTHER);
    await sender.flush();
    expect(edited).toEqual([]);
    world.now += CALM_DEFAULTS.rootEditMs;

    // Act: the first flush is held up in its first owed edit (inc-x); meanwhile another flush delivers OTHER,
    // where Slack fails a new state change's post once (it stays pending, tried by that flush alone).
    const waiting = hold();
    const first = sender.flush();
    await waiting;
    await world.queue('inc-q', 'EMPTY', OTHER);
    world.slack.failNext(1, { status: 500 }, 'chat.postMessage');
    const second = await sender.flush();
    release();
    await first;

    // Assess: the failed state change did not hold OTHER's owed edit back (as a flush's own settle
    // would not), so it was made in this run.
    expect(second.retried).toBe(1);
    expect([...edited].sort()).toEqual(['inc-p', 'inc-x']);
  });

  it('keeps an edit owed when the incident changed while an owed edit of it was on its way to Slack', async () => {
    // Prepare: inc-a's edit owed and due.
    const { sender, edited, texts, hold, release } = recordingSender(world, { holdAfterLanding: true });
    await world.openIncidents(['inc-a', 'inc-b']);
    await sender.flush();
    world.now += 1_000;
    await world.queue('inc-a', 'EMPTY');
    await sender.flush();
    world.now += CALM_DEFAULTS.rootEditMs;

    // Act: the owed edit has reached Slack (showing inc-a open), its answer is slow; meanwhile inc-a
    // resolves and another flush posts RESOLVED, with another incident's state change behind it.
    const waiting = hold();
    const first = sender.flush();
    await waiting;
    const open = await world.store.incidents.get('inc-a');
    if (!open) throw new Error('inc-a is missing');
    await world.store.incidents.update({
      ...open,
      version: open.version + 1,
      status: 'resolved',
      resolvedAt: new Date(world.now).toISOString(),
    });
    await world.queue('inc-a', 'RESOLVED');
    await world.queue('inc-b', 'EMPTY');
    await sender.flush();
    release();
    await first;
    world.now += CALM_DEFAULTS.rootEditMs;
    await sender.flush();

    // Assess: the root's last edit shows it resolved; nothing is owed.
    expect(edited.at(-1)).toBe('inc-a');
    expect(texts.at(-1)).toMatch(/^RESOLVED/);
    expect(await world.store.threads.dueRootEdits(new Date(world.now))).toEqual([]);
  });

  it('goes on with the channel when a root edit cannot be owed (the store refused the write)', async () => {
    // Prepare: two incidents' state changes in one batch, so the first one's root edit is owed; the
    // store refuses every root-edit write.
    const { sender: plain } = recordingSender(world);
    await world.openIncidents(['inc-a', 'inc-b']);
    await plain.flush();
    world.now += 1_000;
    await world.queue('inc-a', 'EMPTY');
    await world.queue('inc-b', 'EMPTY');
    const threads = Object.create(world.store.threads) as typeof world.store.threads;
    threads.putRootEdit = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const sender = world.sender(world.poster(), { threads });

    // Act
    const result = await sender.flush();

    // Assess: both state changes posted; the flush ended normally.
    expect(result).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    expect(await world.store.outbox.listPending(10)).toEqual([]);
  });
});
