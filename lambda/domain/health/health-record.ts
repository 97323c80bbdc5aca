import type { HealthEntity, HealthEvent } from './health-event.js';

/**
 * What Lookout last told about one AWS Health event: one record per event key, so each version AWS
 * posts is one timeline entry however many times, from however many regions and in however many pages
 * it arrives. Entities are kept sorted by value and pages ascending, so equal knowledge is equal data.
 */
export interface HealthRecord
  extends Pick<
    HealthEvent,
    | 'arn'
    | 'account'
    | 'service'
    | 'typeCode'
    | 'category'
    | 'scope'
    | 'region'
    | 'status'
    | 'startTime'
    | 'endTime'
    // The version told; absent when AWS gave none (any dated version is newer).
    | 'lastUpdatedTime'
    | 'description'
  > {
  key: string;
  /** Every entity named so far, merged by value; a newer version's status wins. */
  entities: RecordedEntity[];
  /** EventBridge pages seen of the version told (an API copy has none: it carries every entity). */
  pages: number[];
  totalPages?: number;
  /** Any copy came as an AWS Health Abuse Event. */
  abuse?: boolean;
}

/** An entity with the event version that last named it (absent: a version without a time). */
export interface RecordedEntity extends HealthEntity {
  version?: string;
}

export type HealthChangeKind = 'opened' | 'updated' | 'closed' | 'reopened';
export type HealthField = 'lastUpdatedTime' | 'status' | 'description' | 'entities';

export interface HealthEntityChange {
  value: string;
  /** Named for the first time (else: a known entity whose status changed). */
  appeared?: true;
  status?: string;
  /** Absent when the entity is new or had no status before. */
  previousStatus?: string;
}

/** One thing to tell (one timeline entry): what changed, against the record as it now stands. */
export interface HealthChange {
  kind: HealthChangeKind;
  /** The record after the change: the facts a sentence is made of. */
  record: HealthRecord;
  /** What differs from what was told before; empty when `opened`. */
  fields: HealthField[];
  previousStatus?: string;
  /** Entities that appeared or changed status in this version (`opened`: none, the record has them all). */
  entities: HealthEntityChange[];
}

/**
 * The identity of one story: the event ARN, and in the organization view the affected account (one
 * organization event is a story per account).
 * @example healthKey({ arn: 'arn:aws:health:us-east-1::event/EC2/X/Y', account: '123456789012', ... })
 * // 'arn:aws:health:us-east-1::event/EC2/X/Y#123456789012'
 */
export function healthKey(event: Pick<HealthEvent, 'arn' | 'account'>): string {
  return event.account ? `${event.arn}#${event.account}` : event.arn;
}

/**
 * Folds one delivery into the stored record. A change (one timeline entry) only when the delivery is a
 * newer version, or the same version with another status or description; entities of the same version
 * (other pages, the API's full list) merge silently. An older version changes nothing.
 */
export function applyHealthEvent(
  stored: HealthRecord | undefined,
  incoming: HealthEvent,
): { next: HealthRecord; change?: HealthChange } {
  if (!stored) {
    const next = recordOf(incoming);
    return { next, change: { kind: 'opened', record: next, fields: [], entities: [] } };
  }
  const order = compareVersions(incoming.lastUpdatedTime, stored.lastUpdatedTime);
  if (order < 0) return { next: stored };
  const newer = order > 0;
  const next = merged(stored, incoming, newer);
  const fields: HealthField[] = [];
  if (newer) fields.push('lastUpdatedTime');
  if (next.status !== stored.status) fields.push('status');
  if (next.description !== stored.description) fields.push('description');
  const entities = newer ? entityChanges(stored.entities, incoming.entities) : [];
  if (entities.length) fields.push('entities');
  if (!fields.length) return { next };
  const previousStatus = fields.includes('status') ? stored.status : undefined;
  return {
    next,
    change: {
      kind: kindOf(stored.status, next.status),
      record: next,
      fields,
      ...(previousStatus !== undefined ? { previousStatus } : {}),
      entities,
    },
  };
}

function kindOf(before: string, after: string): HealthChangeKind {
  if (before === after) return 'updated';
  if (isClosed(after)) return 'closed';
  return isClosed(before) ? 'reopened' : 'updated';
}

export function isClosed(status: string): boolean {
  return status.toLowerCase() === 'closed';
}

/**
 * Orders two versions by their time; an absent time is older than any. Times that do not parse (AWS
 * spelled one in a way nobody expected) compare as text, so the order stays total and deterministic.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const ma = Date.parse(a);
  const mb = Date.parse(b);
  if (!Number.isNaN(ma) && !Number.isNaN(mb) && ma !== mb) return ma < mb ? -1 : 1;
  if (!Number.isNaN(ma) && !Number.isNaN(mb)) return 0;
  return a < b ? -1 : 1;
}

function recordOf(event: HealthEvent): HealthRecord {
  return {
    key: healthKey(event),
    arn: event.arn,
    ...(event.account ? { account: event.account } : {}),
    service: event.service,
    typeCode: event.typeCode,
    category: event.category,
    ...(event.scope !== undefined ? { scope: event.scope } : {}),
    region: event.region,
    status: event.status,
    ...(event.startTime !== undefined ? { startTime: event.startTime } : {}),
    ...(event.endTime !== undefined ? { endTime: event.endTime } : {}),
    ...(event.lastUpdatedTime !== undefined ? { lastUpdatedTime: event.lastUpdatedTime } : {}),
    description: event.description,
    entities: mergeEntities([], event.entities, event.lastUpdatedTime),
    pages: event.page ? [event.page.page] : [],
    ...(event.page ? { totalPages: event.page.totalPages } : {}),
    ...(event.abuse ? { abuse: true } : {}),
  };
}

/**
 * The record with a delivery of the same or a newer version folded in. A fact the delivery does not
 * give (no description, no end time) keeps what was told: absence is not news.
 */
function merged(stored: HealthRecord, event: HealthEvent, newer: boolean): HealthRecord {
  const fresh = recordOf(event);
  const pages = newer ? fresh.pages : [...new Set([...stored.pages, ...fresh.pages])].sort((a, b) => a - b);
  const totalPages = newer ? fresh.totalPages : (stored.totalPages ?? fresh.totalPages);
  const startTime = fresh.startTime ?? stored.startTime;
  const endTime = fresh.endTime ?? stored.endTime;
  const scope = fresh.scope ?? stored.scope;
  const { totalPages: _previous, ...rest } = stored;
  return {
    ...rest,
    status: event.status,
    ...(startTime !== undefined ? { startTime } : {}),
    ...(endTime !== undefined ? { endTime } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(fresh.lastUpdatedTime !== undefined ? { lastUpdatedTime: fresh.lastUpdatedTime } : {}),
    description: event.description || stored.description,
    entities: mergeEntities(stored.entities, event.entities, event.lastUpdatedTime),
    pages,
    ...(totalPages !== undefined ? { totalPages } : {}),
    ...(stored.abuse || event.abuse ? { abuse: true } : {}),
  };
}

/**
 * Entities by value: the copy from the newest event version wins, and within one version (pages,
 * copies) the one updated later; so the order of arrival never matters. A fact a copy leaves out
 * keeps what was known.
 */
function mergeEntities(
  stored: RecordedEntity[],
  incoming: HealthEntity[],
  version: string | undefined,
): RecordedEntity[] {
  const byValue = new Map(stored.map((e) => [e.value, e]));
  for (const entity of incoming) {
    const known = byValue.get(entity.value);
    const seen = recorded({ ...entity, ...(version !== undefined ? { version } : {}) });
    if (!known) byValue.set(entity.value, seen);
    else if (newerEntity(seen, known)) byValue.set(entity.value, recorded({ ...known, ...seen }));
  }
  return [...byValue.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function newerEntity(a: RecordedEntity, b: RecordedEntity): boolean {
  const byEvent = compareVersions(a.version, b.version);
  return byEvent > 0 || (byEvent === 0 && compareVersions(a.lastUpdatedTime, b.lastUpdatedTime) > 0);
}

function entityChanges(stored: HealthEntity[], incoming: HealthEntity[]): HealthEntityChange[] {
  const byValue = new Map(stored.map((e) => [e.value, e]));
  const seen = new Set<string>();
  const changes: HealthEntityChange[] = [];
  for (const entity of incoming) {
    if (seen.has(entity.value)) continue;
    seen.add(entity.value);
    const known = byValue.get(entity.value);
    const status = entity.status !== undefined ? { status: entity.status } : {};
    if (!known) changes.push({ value: entity.value, appeared: true, ...status });
    else if (entity.status !== undefined && entity.status !== known.status) {
      changes.push({
        value: entity.value,
        status: entity.status,
        ...(known.status !== undefined ? { previousStatus: known.status } : {}),
      });
    }
  }
  return changes;
}

/** Keys in one order, so records that know the same compare equal however they were built. */
function recorded(entity: RecordedEntity): RecordedEntity {
  return {
    value: entity.value,
    ...(entity.status !== undefined ? { status: entity.status } : {}),
    ...(entity.lastUpdatedTime !== undefined ? { lastUpdatedTime: entity.lastUpdatedTime } : {}),
    ...(entity.version !== undefined ? { version: entity.version } : {}),
  };
}
