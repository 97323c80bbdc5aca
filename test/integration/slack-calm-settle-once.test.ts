import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import { CalmWorld, CHANNEL } from '../support/calm-harness.js';
import { forwardingPort, signal } from '../support/slack-fixtures.js';

describe('Owed root edits are made once when flushes of one sender overlap', () => {
  const world = new CalmWorld({ channels: [CHANNEL] });
  beforeEach(() => world.start());
  afterEach(() => world.stop());

  it('edits each owed root once though a second flush ends while the first is still making the edits', async () => {
    // Prepare: three roots, each with an EMPTY soon after it, so each root's edit is owed; then due.
    const ids = ['inc-a', 'inc-b', 'inc-c'];
    const edited: string[] = [];
    const rootOf = new Map<string, string>();
    const gate = signal();
    const reached = signal();
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
          if (armed) {
            armed = false;
            reached.fire();
            await gate.promise;
          }
          const done = await poster.updateRoot(ref, message);
          edited.push(rootOf.get(ref.ts) ?? ref.ts);
          return done;
        },
      }),
    );
    await world.openIncidents(ids);
    await sender.flush();
    world.now += 1_000;
    for (const id of ids) await world.queue(id, 'EMPTY');
    await sender.flush();
    expect(edited).toEqual([]);
    world.now += CALM_DEFAULTS.rootEditMs;

    // Act: the first flush is held up in its first owed edit; a second flush runs and ends meanwhile.
    armed = true;
    const first = sender.flush();
    await reached.promise;
    await sender.flush();
    gate.fire();
    await first;

    // Assess: every root edited exactly once, nothing owed any more.
    expect([...edited].sort()).toEqual(ids);
    expect(await world.store.threads.dueRootEdits(new Date(world.now))).toEqual([]);
  });
});
