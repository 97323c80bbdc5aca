import {
  joinGroup,
  mayJoin,
  openGroup,
  type ReplyGroup,
  renderGroupReply,
} from '../domain/calm/reply-group.js';
import type { SlackRef } from '../domain/incident.js';
import { renderTimelineReply, type SlackMessage } from '../domain/render/blocks.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { OutboxItem } from '../store/ports.js';
import type { StoredGroup, ThreadRepo } from '../store/thread-repo.js';
import { SlackDeliveryError } from './errors.js';
import { findEarlierPost } from './post-lookup.js';
import type { SlackPort } from './slack-port.js';

export interface ReplyGroupsDeps {
  threads: ThreadRepo;
  slack: SlackPort;
  now: () => Date;
  /** Routine entries delivered within this long of a group's opening join it (0: every entry its own reply). */
  windowMs: number;
  /** How long a post of unknown outcome that a lookup cannot find is still awaited. */
  graceMs: number;
}

/** Conflicting writers are rare (one sender holds the outbox lease); a few re-reads settle them. */
const CONFLICT_RETRIES = 3;

/**
 * Routine entries of one incident (record changes, repeated AWS Health updates, automation notes) as ONE
 * thread reply edited in place while they keep arriving within the window, so the entries that change
 * what a person does stand out. The group is stored before Slack is called: a post of unknown outcome
 * is found again by its metadata (the group's first entry), never posted twice; an edit is repeated
 * harmlessly. The timeline keeps every entry; the reply shows the newest lines and counts the rest.
 * @example const { ts } = await groups.deliver(items, root);
 */
export class ReplyGroups {
  constructor(private readonly deps: ReplyGroupsDeps) {}

  get windowMs(): number {
    return this.deps.windowMs;
  }

  /** Delivers `items` (routine entries of one incident, in order) into `root`'s thread. */
  async deliver(items: readonly OutboxItem[], root: SlackRef, targetId?: string): Promise<{ ts: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(items, root, targetId);
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  /** A state change was posted in the thread: later routine entries start a new group below it. */
  async close(incidentId: string, channel: string): Promise<void> {
    const stored = await this.deps.threads.group(incidentId, channel);
    if (!stored || stored.group.closed) return;
    await this.deps.threads
      .putGroup(
        channel,
        { ...withoutVersion(stored), group: { ...stored.group, closed: true } },
        stored.version,
        this.deps.now(),
      )
      .catch((error: unknown) => {
        // Another sender changed it meanwhile: its window decides; at worst one more entry joins above.
        if (!(error instanceof ConcurrentUpdateError)) throw error;
      });
  }

  private async once(
    items: readonly OutboxItem[],
    root: SlackRef,
    targetId?: string,
  ): Promise<{ ts: string }> {
    const first = items[0];
    if (!first) throw new Error('ReplyGroups.deliver needs at least one item');
    const channel = root.channel;
    let stored = await this.deps.threads.group(first.incidentId, channel);
    if (stored && !stored.ts && stored.postingSince) stored = await this.settleDoubt(stored, root);
    const now = this.deps.now();
    // Items an earlier attempt already put in the group stay in it whatever the window: posting them
    // again in a new group would show them twice (a lost answer, a crash before markSent).
    const already = stored ? items.some((item) => stored.group.seqs.includes(item.seq)) : false;
    if (stored?.ts && (already || mayJoin(stored.group, now, this.deps.windowMs))) {
      const group = items.reduce((g, item) => joinGroup(g, item.entry, item.seq), stored.group);
      const written = await this.deps.threads.putGroup(
        channel,
        { group, ts: stored.ts },
        stored.version,
        now,
      );
      // Edited even when every item was already in it: an earlier attempt may have stored, then died.
      await this.deps.slack.updateRoot({ channel, ts: stored.ts }, this.render(group, items, targetId));
      return { ts: written.ts ?? stored.ts };
    }
    const rest = items.slice(1);
    const group = rest.reduce(
      (g, item) => joinGroup(g, item.entry, item.seq),
      openGroup(first.entry, first.seq, now),
    );
    const pending = await this.deps.threads.putGroup(
      channel,
      { group, postingSince: now.toISOString() },
      stored?.version ?? 0,
      now,
    );
    return this.post(pending, root, this.render(group, items, targetId));
  }

  /** An earlier attempt may have posted this group: find it by metadata, or post it once the grace is over. */
  private async settleDoubt(stored: StoredGroup, root: SlackRef): Promise<StoredGroup> {
    const since = stored.postingSince as string;
    const found = await findEarlierPost(
      () => this.deps.slack.findReply(root, this.key(stored.group), Date.parse(since)),
      since,
      this.deps.now().getTime(),
      this.deps.graceMs,
    );
    if (found)
      return this.deps.threads.putGroup(
        root.channel,
        { group: stored.group, ts: found.ts },
        stored.version,
        this.deps.now(),
      );
    // Not in Slack after the grace period: post it now, under the same write-ahead.
    const pending = await this.deps.threads.putGroup(
      root.channel,
      { group: stored.group, postingSince: this.deps.now().toISOString() },
      stored.version,
      this.deps.now(),
    );
    await this.post(pending, root, renderGroupReply(stored.group));
    return (await this.deps.threads.group(stored.group.incidentId, root.channel)) ?? pending;
  }

  private async post(pending: StoredGroup, root: SlackRef, message: SlackMessage): Promise<{ ts: string }> {
    const { group } = pending;
    let ts: string;
    try {
      ts = (await this.deps.slack.postReply(root.channel, root.thread ?? root.ts, message, this.key(group)))
        .ts;
    } catch (error) {
      // Slack answered that nothing was posted: no lookup (and no grace period) is needed next time.
      if (error instanceof SlackDeliveryError && !error.outcomeUnknown)
        await this.deps.threads
          .putGroup(root.channel, { group }, pending.version, this.deps.now())
          .catch(() => undefined);
      throw error;
    }
    await this.deps.threads.putGroup(root.channel, { group, ts }, pending.version, this.deps.now());
    return { ts };
  }

  /** A group of one reads like any reply; from the second entry on it is the group's summary. */
  private render(group: ReplyGroup, items: readonly OutboxItem[], targetId?: string): SlackMessage {
    const only = items[0];
    return group.count === 1 && only ? renderTimelineReply(only.entry, targetId) : renderGroupReply(group);
  }

  private key(group: ReplyGroup) {
    return { incident: group.incidentId, entry: group.id };
  }
}

function withoutVersion(stored: StoredGroup): Omit<StoredGroup, 'version'> {
  const { version: _v, ...rest } = stored;
  return rest;
}
