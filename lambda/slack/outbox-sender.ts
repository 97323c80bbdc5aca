import type { ResolverOutcome } from '../domain/observation.js';
import { renderTimelineReply } from '../domain/render/blocks.js';
import type { RestoreSettings } from '../domain/route53/restore-target.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import { runbookFor } from '../domain/runbooks/select.js';
import type { IncidentReader, OutboxItem, OutboxStore } from '../store/ports.js';
import { DeliveryHealth } from './delivery-health.js';
import type { DigestSender } from './digest-sender.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import { IncidentChannels } from './incident-channels.js';
import { type Doubt, findEarlierPost, LOOKUP_GRACE_MS } from './post-lookup.js';
import { RootMessages } from './root-messages.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';

export type { DeliveryLogger, SlackPort } from './slack-port.js';

export interface OutboxSenderDeps {
  outbox: OutboxStore;
  incidents: IncidentReader;
  slack: SlackPort;
  runbooks: readonly Runbook[];
  now: () => Date;
  log: DeliveryLogger;
  /** Items taken per channel per flush. */
  batchSize?: number;
  /** A retryable failure of an item queued (or retried) longer ago than this fails it, with the reason. */
  maxAgeMs?: number;
  /** Epoch ms; no new item is started after it, so a Lambda returns before its timeout. */
  deadline?: () => number;
  /** Shared across flushes (and runs in one container), so token trouble is announced once. */
  health?: DeliveryHealth;
  /** How long a post of unknown outcome that a lookup cannot find is still awaited before posting again. */
  lookupGraceMs?: number;
  /** The channels' AWS Health digests, brought up to date after the channels' items (absent: none). */
  digests?: Pick<DigestSender, 'flush'>;
  /** Incidents' own channels and links from routed channels (absent: every root goes to its alert channel). */
  channels?: IncidentChannels;
  /** `route53:` restore settings: roots offer Restore where restore from Slack applies. */
  restore?: RestoreSettings | undefined;
}

export interface FlushResult {
  sent: number;
  /** Items left pending after a retryable failure (attempts + 1). */
  retried: number;
  /** Items marked failed permanently: kept in the store, never silently dropped. */
  failed: number;
  /** Items not tried this time because an earlier item of their channel failed or time ran out. */
  deferred: number;
  /** Set when Slack refused the token itself: nothing was failed, everything waits. */
  paused?: string;
}

export const outboxSenderDefaults = { batchSize: 100, maxAgeMs: 24 * 3600_000 } as const;

type Outcome = { ts: string; adopted: boolean; after?: () => Promise<void> };

/**
 * Delivers pending outbox items to Slack: the incident's root message first (once), then a thread reply
 * per timeline entry, then the root edited in place to show the current status. Every channel gets its
 * turn in each flush and order is kept per channel. An attempt is written ahead before its post leaves,
 * so a post whose outcome is unknown (timeout, crash) is looked up by its metadata, never re-sent blind.
 * @example const result = await new OutboxSender({ outbox, incidents, slack: poster, runbooks, now, log }).flush();
 */
export class OutboxSender {
  private readonly batchSize: number;
  private readonly maxAgeMs: number;
  private readonly deadline: () => number;
  private readonly health: DeliveryHealth;
  private readonly roots: RootMessages;
  private readonly lookupGraceMs: number;
  /** Channels a flush is delivering right now. */
  private readonly busy = new Set<string>();
  /** The incident version each root was last rendered from here: a root-only update of it is skipped. */
  private readonly shown = new Map<string, number>();

  constructor(private readonly deps: OutboxSenderDeps) {
    this.batchSize = deps.batchSize ?? outboxSenderDefaults.batchSize;
    this.maxAgeMs = deps.maxAgeMs ?? outboxSenderDefaults.maxAgeMs;
    this.deadline = deps.deadline ?? (() => Number.POSITIVE_INFINITY);
    this.health = deps.health ?? new DeliveryHealth('Check the Slack bot token and the app’s scopes.');
    this.lookupGraceMs = deps.lookupGraceMs ?? LOOKUP_GRACE_MS;
    this.roots = new RootMessages({
      slack: deps.slack,
      incidents: deps.incidents,
      now: deps.now,
      log: deps.log,
      graceMs: this.lookupGraceMs,
      restore: deps.restore,
    });
  }

  /** `until`: epoch ms after which no item starts (e.g. the end of the outbox lease). */
  async flush(options: { until?: number } = {}): Promise<FlushResult> {
    const until = () => Math.min(this.deadline(), options.until ?? Number.POSITIVE_INFINITY);
    // A channel already being delivered by an earlier flush (waiting out a Retry-After, say) is skipped:
    // the others go on without it.
    const channels = (await this.deps.outbox.pendingChannels()).filter((c) => !this.busy.has(c));
    const result: FlushResult = { sent: 0, retried: 0, failed: 0, deferred: 0 };
    // Channels run side by side: Slack's rate limit is per channel, so one slow channel need not wait for another.
    await Promise.all(channels.map((channel) => this.flushChannel(channel, result, until)));
    if (this.deps.digests && !result.paused) {
      const digests = await this.deps.digests.flush(until);
      result.sent += digests.sent;
      result.retried += digests.retried;
      result.failed += digests.failed;
      result.deferred += digests.deferred;
      if (digests.paused) result.paused = digests.paused;
    }
    if (result.paused) this.health.pause(result.paused, this.deps.log);
    else if (result.sent) this.health.resume(this.deps.log);
    if (result.retried || result.failed || (result.deferred && !result.paused))
      this.deps.log.info('outbox flush incomplete', { ...result });
    return result;
  }

  private async flushChannel(channel: string, result: FlushResult, until: () => number): Promise<void> {
    this.busy.add(channel);
    try {
      await this.deliverChannel(channel, result, until);
    } finally {
      this.busy.delete(channel);
    }
  }

  private async deliverChannel(channel: string, result: FlushResult, until: () => number): Promise<void> {
    const items = await this.deps.outbox.listPending(this.batchSize, channel);
    const evidenceCache = new Map<string, ResolverOutcome[]>();
    for (const [index, item] of items.entries()) {
      const left = items.length - index;
      if (result.paused || this.deps.now().getTime() >= until()) {
        result.deferred += left;
        return;
      }
      const attempted = await this.record(() => this.deps.outbox.markAttempt(item, this.now()), item);
      if (!attempted) {
        result.deferred += left;
        return;
      }
      let outcome: Outcome;
      const doubt: Doubt = {
        since: item.uncertainSince,
        graceFrom: item.graceFrom ?? item.uncertainSince,
        posting: false,
      };
      try {
        outcome = await this.deliver(attempted, doubt, evidenceCache);
      } catch (error) {
        if (!(await this.failed(item, attempted, classifySlackError(error), result, doubt.posting))) {
          result.deferred += left - 1;
          return;
        }
        continue;
      }
      // Marked sent before the root is edited: a crash or a hung chat.update must not post the reply again.
      if (!(await this.record(() => this.deps.outbox.markSent(attempted, this.now(), outcome.ts), item))) {
        result.deferred += left;
        return;
      }
      if (outcome.adopted)
        this.deps.log.info('found the message of an earlier attempt in Slack; not posting it again', {
          channel,
          seq: item.seq,
          ts: outcome.ts,
        });
      result.sent += 1;
      await outcome.after?.();
    }
  }

  /** Records a failed attempt; returns true when the channel may go on to its next item. */
  private async failed(
    before: OutboxItem,
    attempted: OutboxItem,
    failure: SlackDeliveryError,
    result: FlushResult,
    posting: boolean,
  ): Promise<boolean> {
    // This attempt adds doubt only if it sent a post whose outcome is unknown; otherwise (nothing sent,
    // or Slack said no) the doubt stays what earlier attempts left, which the write-ahead had widened.
    const mayHavePosted = posting && failure.outcomeUnknown;
    const uncertainSince = mayHavePosted ? attempted.uncertainSince : before.uncertainSince;
    const graceFrom = mayHavePosted ? attempted.graceFrom : before.graceFrom;
    const { uncertainSince: _u, graceFrom: _g, ...rest } = attempted;
    const item: OutboxItem = {
      ...rest,
      ...(uncertainSince ? { uncertainSince } : {}),
      ...(graceFrom ? { graceFrom } : {}),
    };
    const context = {
      channel: item.channel,
      incidentId: item.incidentId,
      seq: item.seq,
      reason: failure.reason,
    };
    if (failure.kind === 'paused') {
      await this.record(
        () => this.deps.outbox.markFailed({ ...item, attempts: item.attempts - 1 }, failure.reason, false),
        item,
      );
      result.paused = failure.reason;
      result.deferred += 1;
      return false;
    }
    // Age counts from the first retryable failure: time spent paused (token trouble) or queued while
    // Slack was off is not time spent failing.
    const failingSince = item.failingSince ?? this.now();
    const age = this.deps.now().getTime() - Date.parse(failingSince);
    const tooOld = failure.kind === 'retryable' && age >= this.maxAgeMs;
    const permanent = failure.kind !== 'retryable' || tooOld;
    const reason = tooOld
      ? `gave up after ${Math.round(age / 60_000)} min of retrying: ${failure.reason}`
      : failure.reason;
    const marked: OutboxItem = { ...item, failingSince };
    if (!(await this.record(() => this.deps.outbox.markFailed(marked, reason, permanent), item)))
      return false;
    if (permanent) {
      result.failed += 1;
      this.deps.log.error(
        'Slack message failed; it stays in the outbox as failed (lookout outbox retry)',
        failure,
        {
          ...context,
          reason,
          attempts: item.attempts + 1,
        },
      );
      return true;
    }
    result.retried += 1;
    // Later items of this channel wait, so a thread never shows entry 3 before entry 2.
    // Said when the trouble starts or changes, not on every round of an outage.
    const log = item.lastError === reason ? this.deps.log.info : this.deps.log.warn;
    log.call(this.deps.log, 'Slack delivery will be retried; later messages of this channel wait', {
      ...context,
      ...(failure.outcomeUnknown ? { outcome: 'unknown: will be looked up before any resend' } : {}),
    });
    return false;
  }

  /** Store writes about delivery; a failure is logged with the item and stops the channel, never the flush. */
  private async record<T>(write: () => Promise<T>, item: OutboxItem): Promise<T | undefined> {
    try {
      return (await write()) ?? (true as T);
    } catch (error) {
      this.deps.log.error(
        'could not record Slack delivery in the outbox; will look it up before resending',
        error,
        { channel: item.channel, seq: item.seq },
      );
      return undefined;
    }
  }

  /**
   * Posts what `item` stands for, or adopts what an earlier attempt of unknown outcome already posted
   * (`doubt`). Returns the ts and the root edit to run once the item is marked sent.
   */
  private async deliver(
    item: OutboxItem,
    doubt: Doubt,
    evidenceCache: Map<string, ResolverOutcome[]>,
  ): Promise<Outcome> {
    const read = await this.deps.incidents.get(item.incidentId);
    if (!read) throw new SlackDeliveryError('permanent', `incident ${item.incidentId} not found`);
    const channels = this.deps.channels;
    // Its own channel exists (and its people are in it) before its root is posted there.
    const incident = channels ? await channels.prepare(read) : read;
    const evidence = await this.roots.openingEvidence(item, evidenceCache);
    const runbook = runbookFor(this.deps.runbooks, incident);
    const home = IncidentChannels.homeOf(incident, item.channel);
    const ensured = await this.roots.ensure(item, incident, runbook, evidence, doubt, home);
    const { ref, fresh } = ensured;
    const current = channels ? await channels.link(ensured.current, ref) : ensured.current;
    const refresh = () => {
      this.remember(current.id, current.version);
      return this.roots.refresh(ref, current, runbook, evidence);
    };
    // AFFECTED (a target joined or left a cause incident) only re-renders the root, which lists them:
    // never a reply, and nothing when the root already shows this version (a round attaches many).
    if (item.entry.kind === 'OPENED' || item.entry.kind === 'AFFECTED') {
      if (fresh) this.remember(current.id, current.version);
      const skip =
        fresh || (item.entry.kind === 'AFFECTED' && this.shown.get(current.id) === current.version);
      return { ts: ref.ts, adopted: false, ...(skip ? {} : { after: refresh }) };
    }
    const key = { incident: incident.id, entry: item.entry.entryId };
    const since = doubt.since;
    const found = since
      ? await findEarlierPost(
          () => this.deps.slack.findReply(ref, key, Date.parse(since)),
          doubt.graceFrom,
          this.deps.now().getTime(),
          this.lookupGraceMs,
        )
      : undefined;
    let reply: { ts: string; adopted: boolean };
    if (found) {
      reply = { ts: found.ts, adopted: true };
    } else {
      doubt.posting = true;
      const posted = await this.deps.slack.postReply(
        ref.channel,
        ref.ts,
        renderTimelineReply(item.entry, incident.targetId),
        key,
      );
      if (posted.asText)
        this.deps.log.warn('Slack refused the reply blocks; sent as plain text', { seq: item.seq });
      reply = { ts: posted.ts, adopted: false };
    }
    if (item.entry.kind === 'RESOLVED' && channels && home !== item.channel) {
      // The root shows the resolution before its channel closes; a failed archive is tried again with the
      // item, whose reply is then found by its metadata, not posted twice.
      await refresh();
      await channels.archive(current).catch((error: unknown) => {
        const failure = classifySlackError(error);
        throw new SlackDeliveryError(failure.kind, failure.reason, { cause: error, outcomeUnknown: true });
      });
      return reply;
    }
    return { ...reply, after: refresh };
  }

  private now(): string {
    return this.deps.now().toISOString();
  }

  private remember(incidentId: string, version: number): void {
    this.shown.delete(incidentId);
    this.shown.set(incidentId, version);
    // Bounded for a long-running `lookout start`: forgetting only costs one more edit.
    if (this.shown.size > 1000) this.shown.delete(this.shown.keys().next().value as string);
  }
}
