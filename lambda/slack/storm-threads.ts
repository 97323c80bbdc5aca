import { randomUUID } from 'node:crypto';
import { CALM_DEFAULTS } from '../domain/calm/settings.js';
import {
  endStorm,
  type OpeningInput,
  type OpeningResult,
  recordOpening,
  renderStormSummary,
  type Storm,
  type StormSettings,
  stormOver,
} from '../domain/calm/storm.js';
import type { SlackRef } from '../domain/incident.js';
import type { SlackMessage } from '../domain/render/blocks.js';
import { sleep as realSleep, type Sleep } from '../shared/sleep.js';
import type { StoredStorm, StormMessage, StormRecord, StormStore } from '../store/storm-repo.js';
import { SlackDeliveryError } from './errors.js';
import type { EntryKey } from './message-metadata.js';
import { findEarlierPost, LOOKUP_GRACE_MS } from './post-lookup.js';
import type { DeliveryLogger } from './slack-port.js';
import { withState } from './storm-record.js';

/** What StormThreads needs from Slack; the poster implements it with the same metadata scheme as roots. */
export interface StormSlackPort {
  postStorm(channel: string, message: SlackMessage, key: EntryKey): Promise<SlackRef>;
  updateStorm(ref: SlackRef, message: SlackMessage): Promise<void>;
  /** The storm message posted for `key` in `channel` since `sinceMs`, if Slack has it. */
  findStorm(channel: string, key: EntryKey, sinceMs: number): Promise<SlackRef | undefined>;
}

export const STORM_ENTRY = 'STORM';

/** The metadata of a storm's message: its id is deterministic, so a replay finds the same message. */
export function stormKey(storm: Pick<Storm, 'id'>): EntryKey {
  return { incident: storm.id, entry: STORM_ENTRY };
}

export interface StormThreadsDeps {
  repo: StormStore;
  slack: StormSlackPort;
  now: () => Date;
  log: DeliveryLogger;
  settings?: StormSettings;
  /** A storm message is edited at most once per this long (the latest state always, once it is over). */
  rootEditMs?: number;
  /** How long a post of unknown outcome that a lookup cannot find is still awaited. */
  lookupGraceMs?: number;
  /** Between re-reads while another attempt posts the storm message. */
  sleep?: Sleep;
  attemptId?: () => string;
  timeZone?: string;
}

/** Re-reads while another attempt (another container, or one that crashed) may be posting. */
const WAIT_ROUNDS = 8;
const WAIT_MS = 250;

/**
 * Puts the roots of a storm's incidents in one storm message's thread. Each opening is counted with a
 * conditional write; the storm message is posted once per storm — written ahead (`postingSince`), and
 * looked up by its metadata before any second post, so neither a crash nor two racing containers show
 * it twice — then edited in place, paced per storm, until its summary says the storm is over.
 */
export class StormThreads {
  private readonly settings: StormSettings;
  private readonly rootEditMs: number;
  private readonly graceMs: number;
  private readonly sleep: Sleep;
  private readonly attemptId: () => string;

  constructor(private readonly deps: StormThreadsDeps) {
    this.settings = deps.settings ?? CALM_DEFAULTS.storm;
    this.rootEditMs = deps.rootEditMs ?? CALM_DEFAULTS.rootEditMs;
    this.graceMs = deps.lookupGraceMs ?? LOOKUP_GRACE_MS;
    this.sleep = deps.sleep ?? realSleep;
    this.attemptId = deps.attemptId ?? randomUUID;
  }

  /**
   * Counts an incident opening and says where its root goes: `{}` top-level, `{ thread }` under the
   * storm message (posted first when this opening starts the storm). The same incident placed again
   * gets the same placement. Throws a retryable SlackDeliveryError while the storm message cannot be
   * posted or found yet: the opening stays counted, and the next try places it the same way.
   */
  async place(channel: string, opening: Omit<OpeningInput, 'channel'>): Promise<{ thread?: string }> {
    const now = this.deps.now();
    let result: OpeningResult | undefined;
    await this.deps.repo.change(channel, (current) => {
      result = recordOpening(current?.state, { ...opening, channel }, now, this.settings);
      if (current && result.state === current.state) return undefined;
      return withState(current, result.state, channel);
    });
    const placed = result as OpeningResult;
    if (placed.placement === 'top-level') return {};
    // The summary's new count (and an earlier storm's end) is left due for the flush's end: it must not
    // take a call of the channel's one per second while roots and state changes still wait.
    const ref = await this.ensurePosted(channel);
    return { thread: ref.ts };
  }

  /**
   * Brings the storm message up to date: marks the storm over once it has been quiet, shows an earlier
   * storm's end, posts a message a crash kept from being posted, and edits it to the latest summary at
   * most once per `rootEditMs` (a call after that interval always writes what is behind).
   */
  async refresh(channel: string): Promise<void> {
    const now = this.deps.now();
    let stored = await this.deps.repo.get(channel);
    if (stored && stormOver(stored.state, now, this.settings))
      stored = await this.deps.repo.change(channel, (current) =>
        current && stormOver(current.state, now, this.settings)
          ? withState(current, endStorm(current.state, now, this.settings), channel)
          : undefined,
      );
    if (!stored) return;
    if (stored.previous) await this.showPrevious(channel, stored.previous);
    const storm = stored.state.storm;
    const message = stored.message;
    if (!storm || message?.stormId !== storm.id) return;
    if (!message.ref) {
      await this.ensurePosted(channel);
      return;
    }
    await this.edit(channel, storm.id, message, now);
  }

  /** Channels whose storm message a delivery pass should refresh (found again after a crash). */
  dueChannels(): Promise<string[]> {
    return this.deps.repo.dueChannels();
  }

  /** The storm's message: recorded, found again by its metadata, or posted now by this attempt. */
  private async ensurePosted(channel: string): Promise<SlackRef> {
    for (let round = 1; round <= WAIT_ROUNDS; round++) {
      const stored = await this.deps.repo.get(channel);
      const storm = stored?.state.storm;
      const message = stored?.message;
      if (!stored || !storm || message?.stormId !== storm.id)
        throw new SlackDeliveryError('retryable', 'storm_changed (the storm was replaced while placing)');
      if (message.ref) return message.ref;
      const key = stormKey(storm);
      const nowMs = this.deps.now().getTime();
      if (message.postingSince) {
        const since = Date.parse(message.postingSince);
        const found = await findEarlierPost(
          () => this.deps.slack.findStorm(channel, key, since),
          undefined,
          nowMs,
        );
        if (found) return this.recordRef(channel, storm.id, found, undefined);
        const graceFrom = Date.parse(message.graceFrom ?? message.postingSince);
        if (nowMs < graceFrom + this.graceMs) {
          if (round < WAIT_ROUNDS) await this.sleep(WAIT_MS);
          continue;
        }
      }
      const claimed = await this.claimPost(channel, storm.id, message);
      if (!claimed) continue;
      return this.post(channel, claimed, message);
    }
    throw new SlackDeliveryError(
      'retryable',
      'awaiting_late_answer (another attempt may be posting the storm message)',
      { outcomeUnknown: true },
    );
  }

  /** Writes ahead that this attempt posts; undefined when another attempt's claim got there first. */
  private async claimPost(
    channel: string,
    stormId: string,
    seen: StormMessage,
  ): Promise<StoredStorm | undefined> {
    const at = this.deps.now().toISOString();
    const by = this.attemptId();
    const stored = await this.deps.repo.change(channel, (current) => {
      const m = current?.message;
      if (!current || !m || m.stormId !== stormId || m.ref || m.graceFrom !== seen.graceFrom)
        return undefined;
      return {
        ...current,
        message: { ...m, postingSince: m.postingSince ?? at, graceFrom: at, postingBy: by },
      };
    });
    return stored?.message?.postingBy === by && !stored.message.ref ? stored : undefined;
  }

  private async post(channel: string, claimed: StoredStorm, before: StormMessage): Promise<SlackRef> {
    const storm = claimed.state.storm as Storm;
    const revision = (claimed.message as StormMessage).revision;
    let ref: SlackRef;
    try {
      ref = await this.deps.slack.postStorm(channel, this.render(storm), stormKey(storm));
    } catch (error) {
      // Refused for sure: this attempt posted nothing, so its write-ahead must not make later ones wait.
      if (!(error instanceof SlackDeliveryError) || error.outcomeUnknown) throw error;
      await this.deps.repo.change(channel, (current) => {
        const m = current?.message;
        if (!current || !m || m.stormId !== storm.id || m.ref || m.postingBy !== claimed.message?.postingBy)
          return undefined;
        const { postingSince: _s, graceFrom: _g, postingBy: _b, ...rest } = m;
        return { ...current, message: { ...rest, ...pick(before) } };
      });
      throw error;
    }
    return this.recordRef(channel, storm.id, ref, revision);
  }

  /** Records the message (a ref already there was recorded first by another attempt: it wins). */
  private async recordRef(
    channel: string,
    stormId: string,
    ref: SlackRef,
    revision: number | undefined,
  ): Promise<SlackRef> {
    const at = this.deps.now().toISOString();
    const stored = await this.deps.repo.change(channel, (current) => {
      const m = current?.message;
      if (!current || !m || m.stormId !== stormId || m.ref) return undefined;
      const { postingSince: _s, graceFrom: _g, postingBy: _b, ...rest } = m;
      // An adopted post shows an unknown revision: it stays behind, so the next refresh edits it.
      const shown =
        revision === undefined ? {} : { shownRevision: Math.max(m.shownRevision, revision), editedAt: at };
      return { ...current, message: { ...rest, ref, ...shown } };
    });
    const winner = stored?.message?.stormId === stormId ? stored.message.ref : undefined;
    if (winner && winner.ts !== ref.ts)
      this.deps.log.warn('another attempt recorded this storm message first; using it', {
        channel,
        winner: winner.ts,
        duplicate: ref.ts,
      });
    if (revision === undefined)
      this.deps.log.info('found the storm message an earlier attempt posted; not posting it again', {
        channel,
        ts: ref.ts,
      });
    return winner ?? ref;
  }

  /** Claims the edit (paced per storm, across containers), then edits and records what it showed. */
  private async edit(channel: string, stormId: string, seen: StormMessage, now: Date): Promise<void> {
    if (seen.shownRevision >= seen.revision) return;
    if (seen.editedAt && now.getTime() - Date.parse(seen.editedAt) < this.rootEditMs) return;
    const at = now.toISOString();
    const claimed = await this.deps.repo.change(channel, (current) => {
      const m = current?.message;
      if (!current || m?.stormId !== stormId || !m.ref || m.editedAt !== seen.editedAt) return undefined;
      if (m.shownRevision >= m.revision) return undefined;
      return { ...current, message: { ...m, editedAt: at } };
    });
    const message = claimed?.message;
    const storm = claimed?.state.storm;
    if (!message?.ref || message.editedAt !== at || storm?.id !== stormId) return;
    await this.deps.slack.updateStorm(message.ref, this.render(storm));
    await this.deps.repo.change(channel, (current) => {
      const m = current?.message;
      if (!current || m?.stormId !== stormId || m.shownRevision >= message.revision) return undefined;
      return { ...current, message: { ...m, shownRevision: message.revision } };
    });
  }

  /** An earlier storm's "over" summary, which a new storm's start overtook. */
  private async showPrevious(channel: string, previous: NonNullable<StormRecord['previous']>): Promise<void> {
    await this.deps.slack.updateStorm(previous.ref, this.render(previous.storm));
    await this.deps.repo.change(channel, (current) => {
      if (current?.previous?.storm.id !== previous.storm.id) return undefined;
      const { previous: _p, ...rest } = current;
      return rest;
    });
  }

  private render(storm: Storm): SlackMessage {
    return renderStormSummary(storm, this.deps.now(), this.deps.timeZone);
  }
}

function pick(m: StormMessage): Partial<StormMessage> {
  return {
    ...(m.postingSince ? { postingSince: m.postingSince } : {}),
    ...(m.graceFrom ? { graceFrom: m.graceFrom } : {}),
    ...(m.postingBy ? { postingBy: m.postingBy } : {}),
  };
}
