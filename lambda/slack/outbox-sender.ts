import type { ResolverOutcome } from '../domain/observation.js';
import type { RestoreSettings } from '../domain/route53/restore-target.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { IncidentReader, OutboxItem, OutboxStore } from '../store/ports.js';
import { type DeliveryFailureDeps, recordFailure } from './delivery-failure.js';
import { DeliveryHealth } from './delivery-health.js';
import { recordDelivery } from './delivery-record.js';
import type { DigestSender } from './digest-sender.js';
import { classifySlackError } from './errors.js';
import type { FlushResult } from './flush-result.js';
import type { IncidentChannels } from './incident-channels.js';
import { type DeliveryOutcome, ItemDelivery } from './item-delivery.js';
import { type Doubt, LOOKUP_GRACE_MS } from './post-lookup.js';
import { RootMessages } from './root-messages.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';

export type { FlushResult } from './flush-result.js';
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
  /** Channels a flush is delivering right now. */
  private readonly busy = new Set<string>();

  constructor(private readonly deps: OutboxSenderDeps) {
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
    });
    this.failures = {
      outbox: deps.outbox,
      now: deps.now,
      log: deps.log,
      maxAgeMs: deps.maxAgeMs ?? outboxSenderDefaults.maxAgeMs,
    };
    this.items = new ItemDelivery({
      incidents: deps.incidents,
      slack: deps.slack,
      runbooks: deps.runbooks,
      now: deps.now,
      log: deps.log,
      roots,
      lookupGraceMs,
      channels: deps.channels,
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
      let outcome: DeliveryOutcome;
      const doubt: Doubt = {
        since: item.uncertainSince,
        graceFrom: item.graceFrom ?? item.uncertainSince,
        posting: false,
      };
      try {
        outcome = await this.items.deliver(attempted, doubt, evidenceCache);
      } catch (error) {
        const failure = classifySlackError(error);
        if (!(await recordFailure(this.failures, item, attempted, failure, result, doubt.posting))) {
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

  private now(): string {
    return this.deps.now().toISOString();
  }

  private record<T>(write: () => Promise<T>, item: OutboxItem): Promise<T | undefined> {
    return recordDelivery(this.deps.log, write, item);
  }
}
