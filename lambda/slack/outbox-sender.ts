import type { ResolverOutcome } from '../domain/observation.js';
import type { OutboxItem } from '../store/ports.js';
import { logBestEffortFailure } from './best-effort-log.js';
import { channelWide, runFrom } from './channel-runs.js';
import { type DeliveryFailureDeps, type FailureVerdict, recordFailure } from './delivery-failure.js';
import { DeliveryHealth } from './delivery-health.js';
import { recordDelivery } from './delivery-record.js';
import { classifySlackError } from './errors.js';
import { settleFlushEnd } from './flush-end.js';
import type { FlushResult } from './flush-result.js';
import { type DeliveryOutcome, ItemDelivery } from './item-delivery.js';
import type { OutboxSenderDeps } from './outbox-sender-deps.js';
import { type Doubt, LOOKUP_GRACE_MS } from './post-lookup.js';
import { inPriorityOrder } from './priority-order.js';
import { ReplyGroups } from './reply-groups.js';
import { RootEdits } from './root-edits.js';
import { RootMessages } from './root-messages.js';
import { SettleOnce } from './settle-once.js';
import { StateChangeWaits } from './state-change-waits.js';

export type { FlushResult } from './flush-result.js';
export type { OutboxSenderDeps } from './outbox-sender-deps.js';
export type { DeliveryLogger, SlackPort } from './slack-port.js';

/** Listings of one channel in one flush, at most (a new one each time state changes arrive meanwhile). */
const MAX_PASSES = 20;

export const outboxSenderDefaults = { batchSize: 100, maxAgeMs: 24 * 3600_000 } as const;

/**
 * Delivers pending outbox items to Slack: the incident's root message first (once), then a thread reply
 * per timeline entry, then the root edited in place to show the current status. Every channel gets its
 * turn in each flush and order is kept per channel. An attempt is written ahead before its post leaves,
 * so a post whose outcome is unknown (timeout, crash) is looked up by its metadata, never re-sent blind.
 * @example const result = await new OutboxSender({ outbox, incidents, slack: poster, runbooks, now, log }).flush();
 */
export class OutboxSender {
  private readonly batchSize: number;
  private readonly deadline: () => number;
  private readonly health: DeliveryHealth;
  private readonly items: ItemDelivery;
  private readonly failures: DeliveryFailureDeps;
  private readonly waits: StateChangeWaits;
  /** Channels a flush is delivering right now. */
  private readonly busy = new Set<string>();
  /** The flush-end settle (owed root edits, storm summaries, digests), one at a time. */
  private readonly settler: SettleOnce;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.settler = new SettleOnce((tried, until, result) =>
      settleFlushEnd(
        {
          items: this.items,
          storms: this.deps.storms,
          digests: this.deps.digests,
          now: this.deps.now,
          log: this.deps.log,
        },
        until,
        this.waits.holder(tried, this.busy),
        result,
      ),
    );
    this.batchSize = deps.batchSize ?? outboxSenderDefaults.batchSize;
    this.deadline = deps.deadline ?? (() => Number.POSITIVE_INFINITY);
    this.health = deps.health ?? new DeliveryHealth('Check the Slack bot token and the app’s scopes.');
    const lookupGraceMs = deps.lookupGraceMs ?? LOOKUP_GRACE_MS;
    const roots = new RootMessages({
      slack: deps.slack,
      incidents: deps.incidents,
      now: deps.now,
      log: deps.log,
      graceMs: lookupGraceMs,
      restore: deps.restore,
      storms: deps.storms,
    });
    this.waits = new StateChangeWaits({ outbox: deps.outbox, log: deps.log });
    this.failures = {
      outbox: deps.outbox,
      now: deps.now,
      log: deps.log,
      maxAgeMs: deps.maxAgeMs ?? outboxSenderDefaults.maxAgeMs,
    };
    const calm = deps.threads && deps.calm;
    this.items = new ItemDelivery({
      incidents: deps.incidents,
      slack: deps.slack,
      runbooks: deps.runbooks,
      now: deps.now,
      log: deps.log,
      roots,
      lookupGraceMs,
      channels: deps.channels,
      ...(deps.threads && calm
        ? {
            groups: new ReplyGroups({
              threads: deps.threads,
              slack: deps.slack,
              now: deps.now,
              windowMs: calm.groupWindowMs,
              graceMs: lookupGraceMs,
            }),
            rootEdits: new RootEdits({
              threads: deps.threads,
              now: deps.now,
              log: deps.log,
              intervalMs: calm.rootEditMs,
            }),
          }
        : {}),
    });
  }

  /** `until`: epoch ms after which no item starts (e.g. the end of the outbox lease). */
  async flush(options: { until?: number } = {}): Promise<FlushResult> {
    const until = () => Math.min(this.deadline(), options.until ?? Number.POSITIVE_INFINITY);
    // A channel already being delivered by an earlier flush (waiting out a Retry-After, say) is skipped:
    // the others go on without it.
    const pending = await this.deps.outbox.pendingChannels();
    const channels = pending.filter((c) => !this.busy.has(c));
    const result: FlushResult = { sent: 0, retried: 0, failed: 0, deferred: 0 };
    const tried = new Map(channels.map((channel) => [channel, new Set<string>()]));
    // Channels run side by side: Slack's rate limit is per channel, so one slow channel need not wait for another.
    await Promise.all(
      channels.map((channel) => this.flushChannel(channel, tried.get(channel) as Set<string>, result, until)),
    );
    // Owed root edits, storm summaries, digests; each waits while its channel's state changes do.
    await this.settler.settle(tried, until, result);
    if (result.paused) this.health.pause(result.paused, this.deps.log);
    else if (result.sent) this.health.resume(this.deps.log);
    if (result.retried || result.failed || (result.deferred && !result.paused))
      this.deps.log.info('outbox flush incomplete', { ...result });
    return result;
  }

  private async flushChannel(
    channel: string,
    tried: Set<string>,
    result: FlushResult,
    until: () => number,
  ): Promise<void> {
    this.busy.add(channel);
    try {
      const evidenceCache = new Map<string, ResolverOutcome[]>();
      // A pass ends early when a state change arrives while routine items are being sent: the channel
      // is listed again, so the new state change goes next (its lane sorts first) instead of after them.
      for (let pass = 1; pass <= MAX_PASSES; pass++) {
        const listed = await this.deps.outbox.listPending(this.batchSize, channel);
        const items = inPriorityOrder(
          listed.filter((item) => !tried.has(item.seq)),
          (item) => this.items.routine(item),
        );
        if (!items.length) return;
        if ((await this.deliverChannel(channel, items, tried, evidenceCache, result, until)) !== 'again')
          return;
      }
    } finally {
      this.busy.delete(channel);
    }
  }

  /** Delivers one listed batch; `again` when new state changes wait in the outbox behind it. */
  private async deliverChannel(
    channel: string,
    items: readonly OutboxItem[],
    tried: Set<string>,
    evidenceCache: Map<string, ResolverOutcome[]>,
    result: FlushResult,
    until: () => number,
  ): Promise<'done' | 'again'> {
    // A state change pending beyond this batch may be one its page left out behind a page of its own
    // thread's routine items: listing again after each of their calls costs a query, never a Slack call.
    const batch = new Set(items.map((item) => item.seq));
    /** Incidents whose item waits for its own earlier attempt: their later items wait this flush. */
    const blocked = new Set<string>();
    /** Items in a row that failed retryably, not for a reason of their own: two mean Slack's trouble. */
    let failing = 0;
    let index = 0;
    while (index < items.length) {
      const left = items.length - index;
      if (result.paused || this.deps.now().getTime() >= until()) {
        result.deferred += left;
        return 'done';
      }
      const run = runFrom(items, index, (item) => this.items.groups(item));
      index += run.length;
      for (const item of run) tried.add(item.seq);
      if (blocked.has((run[0] as OutboxItem).incidentId)) {
        result.deferred += run.length;
        continue;
      }
      const attempted: OutboxItem[] = [];
      for (const item of run) {
        const marked = await this.record(() => this.deps.outbox.markAttempt(item, this.now()), item);
        if (!marked) {
          result.deferred += left;
          return 'done';
        }
        attempted.push(marked);
      }
      const [first] = attempted as [OutboxItem, ...OutboxItem[]];
      // The doubt of earlier attempts, as stored before this one's write-ahead.
      const before = run[0] as OutboxItem;
      const doubt: Doubt = {
        since: before.uncertainSince,
        graceFrom: before.graceFrom ?? before.uncertainSince,
        posting: false,
      };
      let outcome: DeliveryOutcome;
      try {
        outcome = this.items.groups(first)
          ? await this.items.deliverRoutine(attempted, doubt, evidenceCache)
          : await this.items.deliver(first, doubt, evidenceCache);
      } catch (error) {
        const failure = classifySlackError(error);
        let verdict: FailureVerdict = 'next';
        for (const [i, item] of run.entries()) {
          const stored = attempted[i] as OutboxItem;
          verdict = await recordFailure(this.failures, item, stored, failure, result, doubt.posting);
          if (verdict !== 'next') break;
        }
        if (verdict === 'wait' && !failure.itemOnly) failing += 1;
        if (verdict === 'stop' || (verdict === 'wait' && channelWide(failure, failing))) {
          result.deferred += items.length - index;
          return 'done';
        }
        // Its thread's later items wait for it (thread order); other threads go on.
        if (verdict === 'wait') blocked.add(first.incidentId);
        continue;
      }
      failing = 0;
      // Marked sent before the root is edited: a crash or a hung chat.update must not post the reply again.
      for (const [i, item] of attempted.entries()) {
        if (
          !(await this.record(
            () => this.deps.outbox.markSent(item, this.now(), outcome.ts),
            run[i] as OutboxItem,
          ))
        ) {
          result.deferred += items.length - index;
          return 'done';
        }
      }
      if (outcome.adopted)
        this.deps.log.info('found the message of an earlier attempt in Slack; not posting it again', {
          channel,
          seq: first.seq,
          ts: outcome.ts,
        });
      result.sent += run.length;
      // While state changes still wait in this channel, the root edit is owed, not made: they get the
      // channel's calls first, and the flush's end (or the next) shows each root's latest state once.
      // The outbox is asked after every call (one index query): a state change that arrived meanwhile
      // and comes before the batch's next one (a DNS EMPTY stamped now, behind AWS Health versions AWS
      // stamped minutes ahead) goes next, not after the rest of the batch.
      const next = items.slice(index).find((item) => !this.items.routine(item));
      const fresh = await this.waits.arrivals(channel, tried, batch);
      const arrived = fresh.length > 0 && (!next || fresh.some((item) => item.seq < next.seq));
      try {
        if ((next || fresh.length > 0) && outcome.owe) await outcome.owe();
        else await outcome.after?.();
      } catch (error) {
        // The item is sent; its root edit is best effort like every root edit (a store write that failed
        // here stopped the whole flush, with other channels still sending under a released lease).
        logBestEffortFailure(
          this.deps.log,
          error,
          'could not edit or owe the incident’s root; its next change does',
          {
            channel,
            incidentId: first.incidentId,
          },
        );
      }
      if (arrived) {
        result.deferred += items.length - index;
        return 'again';
      }
    }
    return 'done';
  }

  private now(): string {
    return this.deps.now().toISOString();
  }

  private record<T>(write: () => Promise<T>, item: OutboxItem): Promise<T | undefined> {
    return recordDelivery(this.deps.log, write, item);
  }
}
