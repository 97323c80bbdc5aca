import type { SlackRef } from '../domain/incident.js';
import { renderHealthDigest } from '../domain/render/health-digest.js';
import type { DigestState, DigestStore, StoredDigest } from '../store/ports.js';
import { classifySlackError, type SlackDeliveryError } from './errors.js';
import type { EntryKey } from './message-metadata.js';
import { type Doubt, findEarlierPost, LOOKUP_GRACE_MS } from './post-lookup.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';

export interface DigestSenderDeps {
  digests: DigestStore;
  slack: SlackPort;
  now: () => Date;
  log: DeliveryLogger;
  /** How long closed events stay listed (the digest's heading says it). */
  closedKeepMs: number;
  lookupGraceMs?: number;
}

/** What one pass did, added into the outbox flush's own counts. */
export interface DigestTally {
  sent: number;
  retried: number;
  failed: number;
  deferred: number;
  paused?: string;
}

/** The metadata of every channel's digest message: one per channel, so the channel is the rest of the key. */
export const DIGEST_KEY: EntryKey = { incident: 'aws-health-digest', entry: 'digest' };

/**
 * Brings each channel's AWS Health digest message up to date: posts it once, then edits it in place
 * (chat.update) to the latest revision. The post is written ahead on the digest (as an outbox item's
 * is), so a post whose outcome is unknown, or whose ts a crash kept from being recorded, is found again
 * by its metadata instead of posted twice. Edits are idempotent: one that fails is simply sent again.
 */
export class DigestSender {
  private readonly graceMs: number;
  /** Channels a pass is delivering right now (two flushes of one process never race on a digest). */
  private readonly busy = new Set<string>();

  constructor(private readonly deps: DigestSenderDeps) {
    this.graceMs = deps.lookupGraceMs ?? LOOKUP_GRACE_MS;
  }

  /**
   * `until`: epoch ms after which no digest starts. `hold`: a channel whose state changes still wait
   * keeps its digest as it is for now (they have its calls first).
   */
  async flush(until: () => number, hold?: (channel: string) => Promise<boolean>): Promise<DigestTally> {
    const tally: DigestTally = { sent: 0, retried: 0, failed: 0, deferred: 0 };
    const pending = (await this.deps.digests.listPending()).filter((d) => !this.busy.has(d.channel));
    for (const [index, digest] of pending.entries()) {
      if (tally.paused || this.deps.now().getTime() >= until()) {
        tally.deferred += pending.length - index;
        break;
      }
      if (await hold?.(digest.channel)) {
        tally.deferred += 1;
        continue;
      }
      this.busy.add(digest.channel);
      try {
        await this.deliver(digest, tally);
      } catch (error) {
        // A store write failed: the digest stays behind (and its doubt stays written), next pass retries.
        this.deps.log.error(
          'could not record AWS Health digest delivery; will look it up before posting',
          error,
          {
            channel: digest.channel,
          },
        );
        tally.retried += 1;
      } finally {
        this.busy.delete(digest.channel);
      }
    }
    return tally;
  }

  private async deliver(stored: StoredDigest, tally: DigestTally): Promise<void> {
    const { channel } = stored;
    let current: DigestState | undefined = stored;
    const doubt: Doubt = {
      since: stored.uncertainSince,
      graceFrom: stored.graceFrom ?? stored.uncertainSince,
      posting: false,
    };
    try {
      if (!current.ref) {
        const at = this.now();
        current = await this.deps.digests.change(channel, (d) =>
          d ? { ...d, uncertainSince: d.uncertainSince ?? at, graceFrom: at } : undefined,
        );
        if (!current) return;
        const posted = await this.post(current, doubt);
        current = await this.deps.digests.change(channel, (d) => (d ? recorded(d, posted) : undefined));
        if (posted.adopted)
          this.deps.log.info('found the AWS Health digest an earlier attempt posted; not posting it again', {
            channel,
            ts: posted.ref.ts,
          });
        if (!posted.adopted) tally.sent += 1;
      }
      // Anything newer than what the message shows (an adopted post shows an unknown revision): edit it.
      if (current?.ref && (current.shownRevision ?? 0) < current.revision) {
        const revision = current.revision;
        await this.deps.slack.updateRoot(current.ref, this.render(current));
        await this.deps.digests.change(channel, (d) => (d ? shown(d, revision) : undefined));
        tally.sent += 1;
      }
    } catch (error) {
      const failure = classifySlackError(error);
      await this.failed(stored, failure, doubt, tally);
    }
  }

  /** Posts the digest, or adopts the message an attempt of unknown outcome already posted. */
  private async post(
    state: DigestState,
    doubt: Doubt,
  ): Promise<{ ref: SlackRef; revision?: number; adopted: boolean }> {
    const found = doubt.since
      ? await findEarlierPost(
          () => this.deps.slack.findRoot(state.channel, DIGEST_KEY, Date.parse(doubt.since as string)),
          doubt.graceFrom,
          this.deps.now().getTime(),
          this.graceMs,
        )
      : undefined;
    if (found) return { ref: found, adopted: true };
    doubt.posting = true;
    const posted = await this.deps.slack.postRoot(state.channel, this.render(state), DIGEST_KEY);
    if (posted.asText)
      this.deps.log.warn('Slack refused the AWS Health digest blocks; sent as plain text', {
        channel: state.channel,
      });
    return { ref: { channel: posted.channel, ts: posted.ts }, revision: state.revision, adopted: false };
  }

  private async failed(
    before: StoredDigest,
    failure: SlackDeliveryError,
    doubt: Doubt,
    tally: DigestTally,
  ): Promise<void> {
    const context = { channel: before.channel, reason: failure.reason };
    if (failure.kind === 'paused') {
      tally.paused = failure.reason;
      tally.deferred += 1;
    } else if (failure.kind === 'retryable') {
      tally.retried += 1;
      const log = before.lastError === failure.reason ? this.deps.log.info : this.deps.log.warn;
      log.call(this.deps.log, 'AWS Health digest not updated in Slack; will try again', context);
    } else {
      tally.failed += 1;
      this.deps.log.error(
        'Slack refused the AWS Health digest; its next change tries again',
        failure,
        context,
      );
    }
    // The doubt this attempt's write-ahead added stays only if it sent a post whose outcome is unknown.
    const mayHavePosted = doubt.posting && failure.outcomeUnknown;
    await this.deps.digests.change(before.channel, (d) => {
      if (!d) return undefined;
      if (failure.reason === 'message_not_found' && d.ref) {
        // Someone deleted the digest message: the next pass posts a new one rather than failing each edit.
        const { ref: _gone, shownRevision: _shown, ...rest } = d;
        return { ...rest, attempts: d.attempts + 1, lastError: failure.reason };
      }
      const { uncertainSince: _u, graceFrom: _g, ...rest } = d;
      const uncertainSince = mayHavePosted ? d.uncertainSince : before.uncertainSince;
      const graceFrom = mayHavePosted ? d.graceFrom : before.graceFrom;
      return {
        ...rest,
        ...(uncertainSince && !d.ref ? { uncertainSince } : {}),
        ...(graceFrom && !d.ref ? { graceFrom } : {}),
        attempts: failure.kind === 'paused' ? d.attempts : d.attempts + 1,
        lastError: failure.reason,
        ...(failure.kind === 'permanent' || failure.kind === 'content' ? { failedRevision: d.revision } : {}),
      };
    });
  }

  private render(state: DigestState) {
    return renderHealthDigest(state.digest, { closedKeepMs: this.deps.closedKeepMs });
  }

  private now(): string {
    return this.deps.now().toISOString();
  }
}

/** The message is posted (or found): its ref, and the revision it shows when this attempt rendered it. */
function recorded(d: DigestState, posted: { ref: SlackRef; revision?: number }): DigestState {
  const { uncertainSince: _u, graceFrom: _g, lastError: _e, ...rest } = d;
  return {
    ...rest,
    // A ref already there was recorded by another sender first: its message is the one to edit.
    ref: d.ref ?? posted.ref,
    attempts: 0,
    ...(posted.revision !== undefined && !d.ref
      ? { shownRevision: Math.max(d.shownRevision ?? 0, posted.revision) }
      : {}),
  };
}

function shown(d: DigestState, revision: number): DigestState {
  const { lastError: _e, ...rest } = d;
  return { ...rest, attempts: 0, shownRevision: Math.max(d.shownRevision ?? 0, revision) };
}
