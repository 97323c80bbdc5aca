import type { Incident, SlackRef, TimelineEntry } from '../domain/incident.js';
import { retry } from '../shared/retry.js';
import { ConcurrentUpdateError, NotFoundError } from './errors.js';
import type { IncidentReader } from './ports.js';
import { GSI1, INCIDENTS_INDEX_PK, indexKeys, keys, ranges } from './table.js';
import { type Item, inRange, type TableClient } from './table-client.js';

/**
 * Re-reads after a lost conditional write: each conflict means another writer made progress, so a
 * handful settles any real race; a writer that conflicts forever surfaces as ConcurrentUpdateError.
 */
const CONFLICT_RETRY = {
  attempts: 10,
  retryable: (error: unknown) => error instanceof ConcurrentUpdateError,
};

/** Incidents, their timelines and the one-open-incident-per-target key. */
export class IncidentRepo implements IncidentReader {
  constructor(private readonly table: TableClient) {}

  async get(incidentId: string): Promise<Incident | undefined> {
    const item = await this.table.get(keys.incident(incidentId));
    return item ? fromItem(item) : undefined;
  }

  /** Writes a new incident; false when one with this id already exists (re-processing). */
  create(incident: Incident): Promise<boolean> {
    return this.table.putIfAbsent(toItem(incident));
  }

  /** Saves `incident` (already at its new version) only if the stored one is at version − 1. */
  async update(incident: Incident): Promise<void> {
    await this.table.putIfVersion(toItem(incident), incident.version - 1, `incident ${incident.id}`);
  }

  /**
   * Claims "the open incident" of a target for `incidentId`. Returns the id that holds the claim:
   * `incidentId` when this call won (or had won before), another id when an incident is already open.
   */
  claimOpen(targetId: string, incidentId: string, claimedAt: string): Promise<string> {
    const key = keys.openIncident(targetId);
    return retry(async () => {
      if (await this.table.putIfAbsent({ ...key, incidentId, claimedAt })) return incidentId;
      const holder = await this.table.get(key);
      // Released between our put and get: try again rather than lose the incident.
      if (!holder) throw new ConcurrentUpdateError(`open-incident claim of ${targetId}`);
      return holder.incidentId as string;
    }, CONFLICT_RETRY);
  }

  async openClaim(targetId: string): Promise<{ incidentId: string; claimedAt: string } | undefined> {
    const item = await this.table.get(keys.openIncident(targetId));
    return item ? { incidentId: item.incidentId as string, claimedAt: item.claimedAt as string } : undefined;
  }

  /** Frees the target for a new episode, but only if `incidentId` still holds it. */
  releaseOpen(targetId: string, incidentId: string): Promise<boolean> {
    return this.table.deleteIfEquals(keys.openIncident(targetId), 'incidentId', incidentId);
  }

  /** Newest first. */
  async list(limit = 50): Promise<Incident[]> {
    const items = await this.table.queryAll(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': INCIDENTS_INDEX_PK },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map(fromItem);
  }

  /** Appends a timeline entry once; false when it was already there. */
  appendTimeline(entry: TimelineEntry): Promise<boolean> {
    return this.table.putIfAbsent({ ...keys.timeline(entry), data: entry });
  }

  /**
   * The timeline in key order (timelineOrder): source time, then source sequence. Items of the earlier
   * key shape sort among them by time. An entry stored under both shapes (written before an upgrade and
   * re-derived after it) is listed once, where it first appears.
   */
  async listTimeline(incidentId: string): Promise<TimelineEntry[]> {
    const items = await this.table.queryAll(inRange(ranges.timeline(incidentId)));
    const seen = new Set<string>();
    const entries: TimelineEntry[] = [];
    for (const item of items) {
      const entry = item.data as TimelineEntry;
      if (seen.has(entry.entryId)) continue;
      seen.add(entry.entryId);
      entries.push(entry);
    }
    return entries;
  }

  attachSlackRef(incidentId: string, ref: SlackRef): Promise<Incident> {
    return retry(async () => {
      const current = await this.get(incidentId);
      if (!current) throw new NotFoundError(`incident ${incidentId}`);
      if (current.slack) return current;
      const next = { ...current, slack: ref, version: current.version + 1 };
      await this.update(next);
      return next;
    }, CONFLICT_RETRY);
  }

  updateChannels(
    incidentId: string,
    change: (current: Incident) => Pick<Incident, 'incidentChannel' | 'links'> | undefined,
  ): Promise<Incident> {
    return retry(async () => {
      const current = await this.get(incidentId);
      if (!current) throw new NotFoundError(`incident ${incidentId}`);
      const values = change(current);
      if (!values) return current;
      const next = { ...current, ...values, version: current.version + 1 };
      await this.update(next);
      return next;
    }, CONFLICT_RETRY);
  }
}

function toItem(incident: Incident): Item & { version: number } {
  const { version, ...data } = incident;
  return {
    ...keys.incident(incident.id),
    version,
    status: incident.status,
    ...indexKeys.incident(incident),
    data,
  };
}

function fromItem(item: Item): Incident {
  const data = item.data as Omit<Incident, 'version'> & { latestKind?: Incident['headlineKind'] };
  // Stored before the headline followed the active problems: its latest alert kind was the headline.
  const { latestKind, ...rest } = data;
  const headlineKind = rest.headlineKind ?? latestKind ?? rest.kind;
  return { ...rest, headlineKind, version: item.version as number };
}
