import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import { SlackDeliveryError } from '../../lambda/slack/errors.js';
import type { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { CalmWorld, CHANNEL } from '../support/calm-harness.js';
import { forwardingPort } from '../support/slack-fixtures.js';

// Found by the second review of #11; each failed on 2f83e6a:
// 1. groupWindowSeconds: 0 made the priority order treat routine items as state changes (by time only).
// 2. rootEditSeconds: 0 dropped an edit owed while later state changes waited (owe/settle did nothing at 0).
// 3. one incident's retryable failure stopped the whole channel, other incidents' state changes too.

describe('Calm delivery with grouping or root pacing off, and one failing thread', () => {
  const world = new CalmWorld({ channels: [CHANNEL] });
  let posts: { incident: string; entry: string }[];

  beforeEach(async () => {
    await world.start();
    posts = [];
  });
  afterEach(() => world.stop());

  function sender(
    calm: { groupWindowMs: number; rootEditMs: number } = { ...CALM_DEFAULTS, groupWindowMs: 0 },
    failing?: string,
  ): OutboxSender {
    const poster = world.poster();
    const port = forwardingPort(poster, {
      postReply: async (channel, threadTs, message, key) => {
        if (key.incident === failing) throw new SlackDeliveryError('retryable', 'service_unavailable');
        posts.push(key);
        return poster.postReply(channel, threadTs, message, key);
      },
    });
    return world.sender(port, { calm });
  }

  it('posts another incident’s EMPTY before 30 older record changes (README: "sent before anything routine waiting in the channel")', async () => {
    // Prepare: two incidents with roots posted; 30 record changes of one, then the other's EMPTY.
    await world.openIncidents(['inc-bulk', 'inc-empty']);
    await sender().flush();
    for (let i = 0; i < 30; i++) await world.queue('inc-bulk', 'RECORD_CHANGED');
    const empty = await world.queue('inc-empty', 'EMPTY');
    posts = [];

    // Act
    await sender().flush();

    // Assess: the EMPTY is the first reply (in a paced channel, 30 s earlier than it is now).
    expect(posts.findIndex((p) => p.entry === empty.entryId)).toBe(0);
  });

  it('edits each root after its state change with rootEditSeconds: 0 (README: "0: edit the root after every entry")', async () => {
    // Prepare: two incidents with roots posted; an EMPTY of each, queued together.
    const calm = { ...CALM_DEFAULTS, rootEditMs: 0 };
    await world.openIncidents(['inc-a', 'inc-b']);
    await sender(calm).flush();
    for (const id of ['inc-a', 'inc-b']) await world.queue(id, 'EMPTY');

    // Act
    await sender(calm).flush();
    await sender(calm).flush();

    // Assess: both roots were edited after their EMPTY (inc-a's edit was "owed" to a RootEdits that
    // records nothing and settles nothing when its interval is 0: it is dropped).
    const edited = world.slack.roots(CHANNEL).map((m) => m.updates.length);
    expect(edited).toEqual([1, 1]);
  });

  it('posts incident B’s EMPTY while incident A’s older EMPTY keeps failing retryably (another thread)', async () => {
    // Prepare: two incidents with roots posted; A's EMPTY (older) then B's EMPTY. Slack keeps answering
    // A's reply with a retryable error (kept up to maxAgeMs, 24 h).
    await world.openIncidents(['inc-a', 'inc-b']);
    await sender(CALM_DEFAULTS).flush();
    await world.queue('inc-a', 'EMPTY');
    const empty = await world.queue('inc-b', 'EMPTY');
    posts = [];

    // Act: three flushes, a minute apart.
    for (let i = 0; i < 3; i++) {
      await sender(CALM_DEFAULTS, 'inc-a').flush();
      world.now += 60_000;
    }

    // Assess: B's thread does not depend on A's; its EMPTY should not wait behind A's failure.
    expect(posts.map((p) => p.entry)).toContain(empty.entryId);
  });
});
