import { stormOpening } from '../domain/calm/storm-opening.js';
import type { Incident, SlackRef, TimelineEntry } from '../domain/incident.js';
import type { ResolverOutcome } from '../domain/observation.js';
import { renderRootMessage } from '../domain/render/blocks.js';
import { type HealthStatus, latestHealth } from '../domain/render/health-status.js';
import { RUNBOOK_STEP_FACT } from '../domain/render/markdown-export.js';
import { runbookStepsDone } from '../domain/render/runbook-steps.js';
import { currentEvidence } from '../domain/render/what-happened.js';
import type { RestoreSettings } from '../domain/route53/restore-target.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import { openingSource } from '../domain/runbooks/select.js';
import type { IncidentReader, OutboxItem } from '../store/ports.js';
import { classifySlackError, type SlackDeliveryError } from './errors.js';
import { ROOT_ENTRY } from './message-metadata.js';
import { type Doubt, findEarlierPost } from './post-lookup.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';
import type { StormThreads } from './storm-threads.js';

const HEALTH_KEPT = 1000;

/**
 * An incident's root message: posted once (or found again by its metadata when an earlier attempt's
 * outcome is unknown), recorded on the incident with a conditional write, and edited in place.
 */
export class RootMessages {
  private readonly slack: SlackPort;
  private readonly incidents: IncidentReader;
  private readonly clock: () => Date;
  private readonly logger: DeliveryLogger;
  private readonly graceMs: number;
  private readonly restore: RestoreSettings | undefined;
  private readonly storms: Pick<StormThreads, 'place'> | undefined;
  /**
   * AWS Health's latest status per incident, read from the same timeline as the evidence (openingEvidence
   * runs before every ensure and refresh of an incident), so the root shows both sources without a
   * second read. Bounded for a long-running `lookout start`: a forgotten one is read again next flush.
   */
  private readonly health = new Map<string, HealthStatus[]>();
  /** The runbook steps done per incident (their timeline entries), read with the evidence: the root checks them off. */
  private readonly steps = new Map<string, TimelineEntry[]>();

  constructor(deps: {
    slack: SlackPort;
    incidents: IncidentReader;
    now: () => Date;
    log: DeliveryLogger;
    /** How long a post of unknown outcome that a lookup cannot find is still awaited. */
    graceMs: number;
    /** `route53:` restore settings: the root offers Restore where restore from Slack applies. */
    restore?: RestoreSettings | undefined;
    /** Storm summaries: the roots of a storm's further incidents go in its thread (absent: all top-level). */
    storms?: Pick<StormThreads, 'place'> | undefined;
  }) {
    this.storms = deps.storms;
    this.restore = deps.restore;
    this.slack = deps.slack;
    this.incidents = deps.incidents;
    this.clock = deps.now;
    this.logger = deps.log;
    this.graceMs = deps.graceMs;
  }

  async ensure(
    item: OutboxItem,
    incident: Incident,
    runbook: Runbook | undefined,
    evidence: ResolverOutcome[],
    doubt: Doubt,
    /** Where the root goes: the item's channel, or the incident's own channel once made. */
    home: string = item.channel,
  ): Promise<{ ref: SlackRef; current: Incident; fresh: boolean }> {
    if (incident.slack) return { ref: incident.slack, current: incident, fresh: false };
    const key = { incident: incident.id, entry: ROOT_ENTRY };
    // An earlier attempt may have posted the root and lost the answer or failed to record its ts; and
    // when this item is not the incident's first, an earlier item may have posted it before giving up.
    const since = doubt.since ?? (item.entry.kind === 'OPENED' ? undefined : incident.openedAt);
    // Counted by the channel's storm first (idempotent per incident): it says where the root goes.
    const thread = await this.stormThread(home, incident);
    const found = since
      ? await findEarlierPost(
          () =>
            thread
              ? this.slack.findReply({ channel: home, ts: thread }, key, Date.parse(since))
              : this.slack.findRoot(home, key, Date.parse(since)),
          doubt.graceFrom,
          this.clock().getTime(),
          this.graceMs,
        )
      : undefined;
    let ours: SlackRef;
    if (found) {
      ours = thread ? { ...found, thread } : found;
    } else {
      const message = this.render(incident, runbook, evidence);
      doubt.posting = true;
      const posted = await this.slack.postRoot(home, message, key, thread);
      if (posted.asText)
        this.logger.warn('Slack refused the root blocks; sent as plain text', { incidentId: incident.id });
      ours = { channel: posted.channel, ts: posted.ts, ...(thread ? { thread } : {}) };
    }
    const stored = await this.incidents.attachSlackRef(incident.id, ours);
    const ref = stored.slack ?? ours;
    if (ref.ts !== ours.ts) {
      // Another sender posted first; its root is the one people reply to, ours is a stray duplicate.
      this.logger.warn('another sender posted this incident first; using its message', {
        incidentId: incident.id,
        winner: ref.ts,
        duplicate: ours.ts,
      });
      return { ref, current: stored, fresh: false };
    }
    return { ref, current: stored, fresh: !found };
  }

  /**
   * Where the root goes: the channel's storm thread, or top-level (undefined). If Slack refuses the storm
   * message for good (the bot not in the channel, say), the root goes top-level rather than never: an
   * incident must reach the channel even when its storm's summary cannot.
   */
  private async stormThread(home: string, incident: Incident): Promise<string | undefined> {
    if (!this.storms) return undefined;
    try {
      return (await this.storms.place(home, stormOpening(incident, openingSource(incident)))).thread;
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind === 'retryable') throw error;
      this.logger.warn('the storm summary could not be posted; this root goes top-level', {
        incidentId: incident.id,
        channel: home,
        reason: failure.reason,
      });
      return undefined;
    }
  }

  /**
   * Edits the root to the incident's current status and duration. Best effort: the reply is already
   * in the thread and marked sent. False when Slack refused or did not answer: a paced edit then stays
   * owed (root-edits.ts), so the last state is still written.
   */
  async refresh(
    ref: SlackRef,
    incident: Incident,
    runbook: Runbook | undefined,
    evidence: ResolverOutcome[],
  ): Promise<boolean> {
    return (await this.tryRefresh(ref, incident, runbook, evidence)) === undefined;
  }

  /** As `refresh`, but says why an edit was not made: undefined when it was (the failure is logged). */
  async tryRefresh(
    ref: SlackRef,
    incident: Incident,
    runbook: Runbook | undefined,
    evidence: ResolverOutcome[],
  ): Promise<SlackDeliveryError | undefined> {
    try {
      await this.slack.updateRoot(ref, this.render(incident, runbook, evidence));
      return undefined;
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.paced) {
        // The channel's pace left no slot before the deadline, or the deadline came: the edit stays
        // owed, nothing went wrong.
        this.logger.info('root edit kept back by the channel’s pace or the run’s deadline; it stays owed', {
          incidentId: incident.id,
        });
        return failure;
      }
      const log = failure.kind === 'retryable' ? this.logger.warn : this.logger.error;
      log.call(this.logger, 'could not update the incident root message', {
        incidentId: incident.id,
        ts: ref.ts,
        reason: failure.reason,
      });
      return failure;
    }
  }

  /**
   * The evidence the root shows: the newest a resolver gave in this incident, so the root's evidence and
   * its headline tell the same moment; and, from the same read, AWS Health's latest word on the events
   * joined to it. Read once per incident per flush.
   */
  async openingEvidence(
    item: Pick<OutboxItem, 'incidentId'>,
    cache: Map<string, ResolverOutcome[]>,
  ): Promise<ResolverOutcome[]> {
    const cached = cache.get(item.incidentId);
    if (cached && this.health.has(item.incidentId)) return cached;
    const timeline: TimelineEntry[] = await this.incidents.listTimeline(item.incidentId);
    const evidence = currentEvidence(timeline);
    cache.set(item.incidentId, evidence);
    this.health.delete(item.incidentId);
    this.health.set(item.incidentId, latestHealth(timeline));
    if (this.health.size > HEALTH_KEPT) this.health.delete(this.health.keys().next().value as string);
    this.steps.delete(item.incidentId);
    this.steps.set(
      item.incidentId,
      timeline.filter((e) => typeof e.facts?.[RUNBOOK_STEP_FACT] === 'string'),
    );
    if (this.steps.size > HEALTH_KEPT) this.steps.delete(this.steps.keys().next().value as string);
    return evidence;
  }

  private render(incident: Incident, runbook: Runbook | undefined, evidence: ResolverOutcome[]) {
    const health = this.health.get(incident.id) ?? [];
    const stepsDone = runbook ? runbookStepsDone(this.steps.get(incident.id) ?? [], runbook.id) : undefined;
    return renderRootMessage({
      incident,
      runbook,
      evidence,
      health,
      stepsDone,
      restore: this.restore,
      now: this.clock(),
    });
  }
}
