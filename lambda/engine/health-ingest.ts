import { applyHealthEvent } from '../domain/health/health-change.js';
import { correlatedTargets, type HealthCorrelationSettings } from '../domain/health/health-correlation.js';
import {
  type DigestSettings,
  digestDefaults,
  digestLineOf,
  withDigestLine,
} from '../domain/health/health-digest.js';
import type { HealthEvent } from '../domain/health/health-event.js';
import { type HealthFilterSettings, healthFilterVerdict } from '../domain/health/health-filter.js';
import { type HealthRecord, healthKey } from '../domain/health/health-record.js';
import { goesToDigest, healthSignals, healthSubject } from '../domain/health/health-signals.js';
import type { Incident, TimelineEntry } from '../domain/incident.js';
import { digestChannelsOf } from '../domain/routing/digest-channels.js';
import type { IncidentRouting } from '../domain/routing/route-incident.js';
import type { Signal } from '../domain/signals.js';
import type { IncidentSubject } from '../domain/targets.js';
import type { Log } from '../ports/log.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { IncidentWriter } from './incident-writer.js';

export interface HealthSettings {
  closedResolves: boolean;
  filters?: HealthFilterSettings;
  correlation?: HealthCorrelationSettings;
  /** How long closed events stay in the channel digest, and its size bound. */
  digest?: DigestSettings;
}

export interface HealthIngestResult {
  /** Why the filters left the event out; nothing was stored. */
  filteredOut?: string;
  /** Nothing new: the same version again, its backup-region copy, another page, the poller's copy. */
  duplicate: boolean;
  signals: Signal[];
  entries: TimelineEntry[];
  /** Where the story was told: the event's own incident subject, or the watched targets it concerns. */
  subjects: string[];
  /** Channels whose digest this delivery changed (scheduled changes, account notifications). */
  digests?: string[];
  /** What the event is, as ingested: what a report of this delivery names. */
  event: { category: string; typeCode: string; service: string; region: string };
  /**
   * A digest-category event's channels, changed or not (`digests` has those it changed); empty when no
   * channel is configured, so its line is kept nowhere. Absent for events told in incidents.
   */
  digestChannels?: string[];
}

type Told = Omit<HealthIngestResult, 'event'>;

const MAX_RETRIES = 5;

/**
 * AWS Health event → its stored story (one record per event key) → at most one timeline entry per
 * version AWS posts → incidents. An event that concerns a watched DNS name (its service's endpoint in
 * its region) is told in that name's incident, so AWS's post and Lookout's own detection meet in one
 * place; otherwise in the event's own incident. Same two-step as the other sources: the verdict is saved
 * with the record (one conditional write), then applied, so redelivery changes nothing.
 */
export class HealthIngest {
  private readonly store: Store;
  private readonly writer: IncidentWriter;
  private readonly settings: HealthSettings;
  private readonly targets: readonly IncidentSubject[];
  private readonly defaultChannel: string | undefined;
  private readonly routing: IncidentRouting | undefined;
  private readonly log: Log;
  private readonly now: () => Date;

  constructor(
    deps: ServiceDeps & {
      store: Store;
      writer: IncidentWriter;
      settings: HealthSettings;
      /** The watched DNS targets a Health event may concern. */
      targets: readonly IncidentSubject[];
      /** The flow's channel (config: slack.channel): a digest's when no target or routing rule names one. */
      defaultChannel?: string | undefined;
      /** slack.routes and slack.severity: where a digest line goes, as for incidents. */
      routing?: IncidentRouting | undefined;
    },
  ) {
    this.store = deps.store;
    this.writer = deps.writer;
    this.settings = deps.settings;
    this.targets = deps.targets;
    this.defaultChannel = deps.defaultChannel;
    this.routing = deps.routing;
    this.log = deps.log;
    this.now = deps.now;
  }

  async ingest(event: HealthEvent): Promise<HealthIngestResult> {
    const { category, typeCode, service, region } = event;
    const told = await this.tell(event);
    return { ...told, event: { category, typeCode, service, region } };
  }

  private async tell(event: HealthEvent): Promise<Told> {
    const filteredOut = healthFilterVerdict(event, this.settings.filters);
    if (filteredOut) {
      this.log.info('AWS Health event left out by health.filters', { eventArn: event.arn, why: filteredOut });
      return { filteredOut, duplicate: false, signals: [], entries: [], subjects: [] };
    }
    const key = healthKey(event);
    // Only a conflict on saving the record is tried again (re-read, decide again).
    let conflict = false;
    // The record as saved (or found unchanged): what the digest line is made of.
    let record: HealthRecord | undefined;
    const attempt = async (): Promise<Told> => {
      conflict = false;
      const stored = await this.store.health.get(key);
      const leftovers = stored.pendingSignals.length ? await this.applyAll(stored.pendingSignals) : undefined;
      const { next, change } = applyHealthEvent(stored.record, event);
      const unchanged = !change && JSON.stringify(next) === JSON.stringify(stored.record);
      record = next;
      if (unchanged) {
        if (leftovers) await this.store.health.save(key, stored, next, []);
        return {
          duplicate: true,
          signals: [],
          entries: leftovers?.entries ?? [],
          subjects: leftovers?.subjects ?? [],
        };
      }
      const signals = change
        ? healthSignals(change, {
            closedResolves: this.settings.closedResolves,
            receivedAt: this.now().toISOString(),
            ...(await this.lookoutFirst(event)),
          })
        : [];
      let saved: Awaited<ReturnType<Store['health']['save']>>;
      try {
        saved = await this.store.health.save(key, stored, next, signals);
      } catch (error) {
        conflict = error instanceof ConcurrentUpdateError;
        throw error;
      }
      const applied = await this.applyAll(signals);
      if (signals.length) await this.store.health.save(key, saved, next, []);
      if (change) {
        this.log.info('AWS Health event', {
          eventArn: event.arn,
          change: change.kind,
          status: next.status,
          subjects: applied.subjects,
        });
      }
      return {
        duplicate: !change,
        signals,
        entries: [...(leftovers?.entries ?? []), ...applied.entries],
        subjects: [...new Set([...(leftovers?.subjects ?? []), ...applied.subjects])],
      };
    };
    const result = await retry(attempt, { attempts: MAX_RETRIES + 1, retryable: () => conflict });
    return record && goesToDigest(record.category) ? this.digest(record, result) : result;
  }

  /**
   * A digest-category event's line, put in its channels' digests after its record is saved. Also on a
   * duplicate: the write is a no-op when the digest already says the same, and it heals a run that
   * stopped between saving the record and writing the digest.
   */
  private async digest(record: HealthRecord, result: Told): Promise<Told> {
    const line = digestLineOf(record);
    const settings = this.settings.digest ?? digestDefaults;
    const now = this.now().toISOString();
    const changed: string[] = [];
    const channels = this.digestChannels(record);
    for (const channel of channels) {
      let wrote = false;
      await this.store.digests.change(channel, (current) => {
        const digest = withDigestLine(current?.digest, line, now, settings);
        wrote = digest !== undefined;
        if (!digest) return undefined;
        return current
          ? { ...current, digest, revision: current.revision + 1 }
          : { channel, digest, revision: 1, attempts: 0 };
      });
      if (wrote) changed.push(channel);
    }
    if (!changed.length) return { ...result, digestChannels: channels };
    this.log.info('AWS Health digest changed', {
      eventArn: record.arn,
      status: record.status,
      channels: changed,
    });
    return { ...result, digests: changed, digestChannels: channels };
  }

  /**
   * Where the event's digest line goes (routing/digest-channels.ts): for each watched target it concerns
   * (else its own Health subject), the target's channel, else slack.routes, else the flow's channel.
   * No channel: Slack is off, no digest.
   */
  private digestChannels(record: HealthRecord): string[] {
    const ids = new Set(correlatedTargets(record, this.targets, this.settings.correlation));
    const joined = this.targets.filter((t) => ids.has(t.id));
    return digestChannelsOf({
      notice: { service: record.service, category: record.category },
      subjects: joined.length ? joined : [healthSubject(record)],
      routing: this.routing,
      fallback: this.defaultChannel,
    });
  }

  /** The watched targets the signal's event concerns; none → the event's own subject. */
  private subjectsFor(signal: Signal): IncidentSubject[] {
    const service = String(signal.facts.service);
    const region = String(signal.facts.region);
    const ids = new Set(correlatedTargets({ service, region }, this.targets, this.settings.correlation));
    const joined = this.targets.filter((t) => ids.has(t.id));
    if (joined.length) return joined;
    // The signal is made for the event's own subject: its id is `<event key>/HEALTH`.
    return [healthSubject({ key: signal.targetId.replace(/\/HEALTH$/, ''), service, region })];
  }

  private async applyAll(signals: readonly Signal[]) {
    const entries: TimelineEntry[] = [];
    const subjects: string[] = [];
    for (const signal of signals) {
      for (const subject of this.subjectsFor(signal)) {
        const result = await this.writer.apply({ ...signal, targetId: subject.id }, subject);
        entries.push(...result.newEntries);
        subjects.push(subject.id);
      }
    }
    return { entries, subjects };
  }

  /**
   * What Lookout itself first saw clients suffer on a watched name this event concerns, in its open
   * incident: the first EMPTY, else the first other client-impact kind, read from the timeline (exact
   * source times; the problems keep only the current and the worst). An incident opened by something
   * else (a Route 53 writer race) that clients never felt falls back to its opening kind.
   */
  private async lookoutFirst(event: HealthEvent): Promise<{ lookoutFirst?: { kind: string; at: string } }> {
    const ids = correlatedTargets(event, this.targets, this.settings.correlation);
    for (const id of ids) {
      const claim = await this.store.incidents.openClaim(id);
      const incident = claim ? await this.store.incidents.get(claim.incidentId) : undefined;
      if (!incident || incident.kind === 'HEALTH_EVENT') continue;
      const timeline = await this.store.incidents.listTimeline(incident.id);
      return { lookoutFirst: firstImpact(incident, timeline) };
    }
    return {};
  }
}

/** What clients see, most telling first: a name that answers nothing, then one that answers badly. */
const IMPACT_ORDER: readonly string[] = ['EMPTY', 'UNREACHABLE', 'DEGRADED', 'FLAPPING'];

function firstImpact(incident: Incident, timeline: readonly TimelineEntry[]): { kind: string; at: string } {
  // The OPENED entry carries the opening kind on the incident, not on the entry.
  const seen = timeline
    .filter((e) => e.source !== 'aws-health')
    .map((e) => ({ kind: e.kind === 'OPENED' ? incident.kind : e.kind, at: e.at }))
    .filter((e) => IMPACT_ORDER.includes(e.kind));
  for (const kind of IMPACT_ORDER) {
    const first = seen.filter((e) => e.kind === kind).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    if (first) return first;
  }
  return { kind: incident.kind, at: incident.openedAt };
}
