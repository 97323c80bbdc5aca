import type { Incident, SlackRef, TimelineEntry } from '../domain/incident.js';
import type { ResolverOutcome } from '../domain/observation.js';
import { renderRootMessage, renderTimelineReply, type SlackMessage } from '../domain/render/blocks.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import { selectRunbook } from '../domain/runbooks/select.js';
import type { IncidentReader, OutboxItem, OutboxStore } from '../store/ports.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import type { PostResult } from './slack-poster.js';

export interface DeliveryLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** What the sender needs from SlackPoster; tests and other transports can provide their own. */
export interface SlackPort {
  postRoot(channel: string, message: SlackMessage): Promise<PostResult>;
  postReply(channel: string, threadTs: string, message: SlackMessage): Promise<PostResult>;
  updateRoot(ref: SlackRef, message: SlackMessage): Promise<PostResult>;
}

export interface OutboxSenderDeps {
  outbox: OutboxStore;
  incidents: IncidentReader;
  slack: SlackPort;
  runbooks: readonly Runbook[];
  clock: () => Date;
  logger: DeliveryLogger;
  /** Items taken per flush. */
  batchSize?: number;
  /** A retryable failure on the attempt that reaches this count becomes permanent. Default: never. */
  maxAttempts?: number;
  /** Epoch ms; no new item is started after it, so a Lambda returns before its timeout. */
  deadline?: () => number;
}

export interface FlushResult {
  sent: number;
  /** Items left pending after a retryable failure (attempts + 1). */
  retried: number;
  /** Items marked failed permanently: kept in the store, never silently dropped. */
  failed: number;
  /** Items not tried this time because an earlier item of their channel failed or time ran out. */
  deferred: number;
}

export const outboxSenderDefaults = { batchSize: 100, maxAttempts: Number.POSITIVE_INFINITY } as const;

/**
 * Delivers pending outbox items to Slack: the incident's root message first (once), then a thread reply
 * per timeline entry, then the root edited in place to show the current status. Order is kept per
 * channel; one channel's trouble does not hold back the others.
 * @example const result = await new OutboxSender({ outbox, incidents, slack: poster, runbooks, clock, logger }).flush();
 */
export class OutboxSender {
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly deadline: () => number;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.batchSize = deps.batchSize ?? outboxSenderDefaults.batchSize;
    this.maxAttempts = deps.maxAttempts ?? outboxSenderDefaults.maxAttempts;
    this.deadline = deps.deadline ?? (() => Number.POSITIVE_INFINITY);
  }

  async flush(): Promise<FlushResult> {
    const pending = await this.deps.outbox.listPending(this.batchSize);
    const byChannel = new Map<string, OutboxItem[]>();
    for (const item of pending) byChannel.set(item.channel, [...(byChannel.get(item.channel) ?? []), item]);
    const result: FlushResult = { sent: 0, retried: 0, failed: 0, deferred: 0 };
    // Channels run side by side: Slack's rate limit is per channel, so one slow channel need not wait for another.
    await Promise.all([...byChannel.values()].map((items) => this.flushChannel(items, result)));
    if (result.retried || result.failed || result.deferred)
      this.deps.logger.warn('outbox flush incomplete', { ...result });
    return result;
  }

  private async flushChannel(items: OutboxItem[], result: FlushResult): Promise<void> {
    const evidenceCache = new Map<string, ResolverOutcome[]>();
    for (const [index, item] of items.entries()) {
      if (this.deps.clock().getTime() >= this.deadline()) {
        result.deferred += items.length - index;
        return;
      }
      let ts: string;
      try {
        ts = await this.deliver(item, evidenceCache);
      } catch (error) {
        const failure = classifySlackError(error);
        const permanent = failure.kind !== 'retryable' || item.attempts + 1 >= this.maxAttempts;
        if (!(await this.record(() => this.deps.outbox.markFailed(item, failure.reason, permanent), item))) {
          result.deferred += items.length - index;
          return;
        }
        const context = {
          channel: item.channel,
          incidentId: item.incidentId,
          seq: item.seq,
          reason: failure.reason,
        };
        if (permanent) {
          result.failed += 1;
          this.deps.logger.error('Slack message failed permanently; it stays in the outbox as failed', {
            ...context,
            attempts: item.attempts + 1,
          });
          continue;
        }
        result.retried += 1;
        // Later items of this channel wait, so a thread never shows entry 3 before entry 2.
        result.deferred += items.length - index - 1;
        this.deps.logger.warn('Slack delivery will be retried; channel paused for this flush', context);
        return;
      }
      // Posted but not marked: the next flush will post it again, so say so and stop this channel.
      if (
        !(await this.record(() => this.deps.outbox.markSent(item, this.deps.clock().toISOString(), ts), item))
      ) {
        result.deferred += items.length - index;
        return;
      }
      result.sent += 1;
    }
  }

  /** Store writes about delivery; a failure is logged with the item and stops the channel, never the flush. */
  private async record(write: () => Promise<void>, item: OutboxItem): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      this.deps.logger.error('could not record Slack delivery in the outbox; it may be sent again', {
        channel: item.channel,
        seq: item.seq,
        cause: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  /** Returns the ts of what was posted for this item (the root for OPENED). */
  private async deliver(item: OutboxItem, evidenceCache: Map<string, ResolverOutcome[]>): Promise<string> {
    const incident = await this.deps.incidents.get(item.incidentId);
    if (!incident) throw new SlackDeliveryError('permanent', `incident ${item.incidentId} not found`);
    const evidence = await this.openingEvidence(item, evidenceCache);
    const runbook = selectRunbook(this.deps.runbooks, incident.kind);
    const { ref, current, fresh } = await this.ensureRoot(item.channel, incident, runbook, evidence);
    if (item.entry.kind === 'OPENED') {
      if (!fresh) await this.refreshRoot(ref, current, runbook, evidence);
      return ref.ts;
    }
    const reply = await this.deps.slack.postReply(
      ref.channel,
      ref.ts,
      renderTimelineReply(item.entry, incident.targetId),
    );
    if (reply.asText)
      this.deps.logger.warn('Slack refused the reply blocks; sent as plain text', { seq: item.seq });
    await this.refreshRoot(ref, current, runbook, evidence);
    return reply.ts;
  }

  private async ensureRoot(
    channel: string,
    incident: Incident,
    runbook: Runbook | undefined,
    evidence: ResolverOutcome[],
  ): Promise<{ ref: SlackRef; current: Incident; fresh: boolean }> {
    if (incident.slack) return { ref: incident.slack, current: incident, fresh: false };
    const message = renderRootMessage({ incident, runbook, evidence, now: this.deps.clock() });
    const posted = await this.deps.slack.postRoot(channel, message);
    if (posted.asText)
      this.deps.logger.warn('Slack refused the root blocks; sent as plain text', { incidentId: incident.id });
    const ours = { channel: posted.channel, ts: posted.ts };
    const stored = await this.deps.incidents.attachSlackRef(incident.id, ours);
    const ref = stored.slack ?? ours;
    if (ref.ts !== ours.ts) {
      // Another sender posted first; its root is the one people reply to, ours is a stray duplicate.
      this.deps.logger.warn('another sender posted this incident first; using its message', {
        incidentId: incident.id,
        winner: ref.ts,
        duplicate: ours.ts,
      });
      return { ref, current: stored, fresh: false };
    }
    return { ref, current: stored, fresh: true };
  }

  /**
   * Edits the root to the incident's current status and duration. Best effort: the reply is already
   * in the thread, and failing the item here would post it twice on the next flush.
   */
  private async refreshRoot(
    ref: SlackRef,
    incident: Incident,
    runbook: Runbook | undefined,
    evidence: ResolverOutcome[],
  ): Promise<void> {
    try {
      await this.deps.slack.updateRoot(
        ref,
        renderRootMessage({ incident, runbook, evidence, now: this.deps.clock() }),
      );
    } catch (error) {
      const failure = classifySlackError(error);
      const log = failure.kind === 'retryable' ? this.deps.logger.warn : this.deps.logger.error;
      log.call(this.deps.logger, 'could not update the incident root message', {
        incidentId: incident.id,
        ts: ref.ts,
        reason: failure.reason,
      });
    }
  }

  private async openingEvidence(
    item: OutboxItem,
    cache: Map<string, ResolverOutcome[]>,
  ): Promise<ResolverOutcome[]> {
    if (item.entry.kind === 'OPENED') return item.entry.evidence ?? [];
    const cached = cache.get(item.incidentId);
    if (cached) return cached;
    const timeline: TimelineEntry[] = await this.deps.incidents.listTimeline(item.incidentId);
    const evidence = timeline.find((e) => e.kind === 'OPENED')?.evidence ?? [];
    cache.set(item.incidentId, evidence);
    return evidence;
  }
}
